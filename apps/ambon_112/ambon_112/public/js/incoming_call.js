// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// The incoming-call pop-up. The server publishes "ambon112_incoming_call" to the answering
// operator (or to everyone on duty) only; a second event for the same call updates its pop-up.
// The caller's number is chosen by whoever places the call: every value is escaped before it
// meets HTML (the dialog's title included).
frappe.provide("ambon112.incoming");

ambon112.incoming = {
	dialogs: {},
	waiting: {}, // drill pop-ups held back while a live call's pop-up is open

	show(data) {
		// A live call always comes before a drill: a drill's pop-up waits while a live one is open,
		// and a live pop-up opens above any drill's (the server pauses the drill meanwhile).
		if (data.is_exercise && this.live_open()) {
			this.waiting[data.call] = data;
			return;
		}
		let dialog = this.dialogs[data.call];
		if (!dialog) {
			dialog = new frappe.ui.Dialog({
				title: ambon112.esc(data.title),
				// No fade: Bootstrap shows a fading modal only after its backdrop's transition, a
				// delay an operator waiting for the caller's details should not have.
				animate: false,
				indicator: data.caller_flagged ? "red" : "blue",
				fields: [{ fieldtype: "HTML", fieldname: "body" }],
				primary_action_label: __("Open Call"),
				primary_action: () => {
					dialog.hide();
					frappe.set_route("Form", "Emergency Call", data.call);
				},
			});
			dialog.onhide = () => {
				delete this.dialogs[data.call];
				if (!dialog.is_exercise) this.release();
			};
			dialog.is_exercise = Boolean(data.is_exercise);
			dialog.$wrapper.addClass(
				dialog.is_exercise ? "ambon112-drill-popup" : "ambon112-live-popup"
			);
			this.dialogs[data.call] = dialog;
		}
		dialog.set_title(ambon112.esc(data.title));
		dialog.fields_dict.body.$wrapper.html(this.render(data));
		// The modal last in the page is on top (Bootstrap gives all the same z-index).
		if (!dialog.is_exercise) dialog.$wrapper.appendTo(document.body);
		dialog.show();
	},

	live_open() {
		return Object.values(this.dialogs).some((d) => !d.is_exercise);
	},

	release() {
		if (this.live_open()) return;
		const waiting = Object.values(this.waiting);
		this.waiting = {};
		waiting.forEach((data) => this.show(data));
	},

	render(data) {
		const esc = ambon112.esc;
		const parts = [];
		if (data.is_exercise) {
			parts.push(
				`<div class="alert alert-warning ambon112-latihan"><b>${__("LATIHAN")}</b> — ${__(
					"Training drill call: not a real emergency."
				)}</div>`
			);
		}
		const number = data.caller_number ? esc(data.caller_number) : __("Withheld number");
		parts.push(`<div class="h4">${number}</div>`);
		parts.push(
			`<div class="text-muted">${esc(__(data.call_state))} · ${esc(
				frappe.datetime.str_to_user(data.received_at)
			)}</div>`
		);
		if (data.caller_number_invalid) {
			parts.push(
				`<div class="text-warning">${__(
					"The number looks malformed: confirm it with the caller."
				)}</div>`
			);
		}
		if (data.aml_warning) {
			parts.push(
				`<div class="alert alert-warning mt-2">${__(
					"AML location kept despite an odd message:"
				)}<br>${esc(data.aml_warning).replace(/\n/g, "<br>")}</div>`
			);
		}
		parts.push(ambon112.incoming.flags_html(data));
		parts.push(ambon112.incoming.history_html(data.history));
		return parts.join("");
	},

	flags_html(data) {
		const esc = ambon112.esc;
		const lines = [];
		if (data.watch) {
			lines.push(
				__("{0} list until {1}: {2}", [
					esc(__(data.watch.list_type)),
					esc(frappe.datetime.str_to_user(data.watch.expires_at)),
					esc(data.watch.reason || ""),
				])
			);
		}
		if (data.recent_nuisance_calls) {
			lines.push(
				__("{0} prank or silent calls recently", [esc(data.recent_nuisance_calls)])
			);
		}
		if (!lines.length) return "";
		return `<div class="alert alert-warning mt-2">${lines.join("<br>")}<br><b>${__(
			"Answer as usual: the call is recorded and may be real."
		)}</b></div>`;
	},

	history_html(history) {
		const esc = ambon112.esc;
		if (!history || !history.total) {
			return `<p class="mt-2">${__("No earlier calls from this number.")}</p>`;
		}
		const counts = Object.entries(history.by_class)
			.filter(([, n]) => n)
			.map(
				([cls, n]) =>
					`<span class="badge badge-secondary mr-1">${esc(__(cls))}: ${esc(n)}</span>`
			)
			.join("");
		const link = (i) =>
			`<a href="/app/incident/${encodeURIComponent(i.name)}">${esc(
				i.title || i.name
			)}</a> (${esc(__(i.status))}, ${esc(i.priority || "")})`;
		const lines = [
			`<div class="mt-2">${__("Earlier calls: {0}", [esc(history.total)])} ${counts}</div>`,
			`<div class="text-muted">${__("First call {0}, last call {1}", [
				esc(frappe.datetime.str_to_user(history.first_call)),
				esc(frappe.datetime.str_to_user(history.last_call)),
			])}</div>`,
		];
		if (history.last_incident)
			lines.push(`<div>${__("Last incident")}: ${link(history.last_incident)}</div>`);
		if (history.open_incidents.length) {
			lines.push(
				`<div><b>${__("Open incidents")}:</b> ${history.open_incidents
					.map(link)
					.join(", ")}</div>`
			);
		}
		return lines.join("");
	},
};

// When realtime cannot bring a pop-up (Redis or the socket.io server down, this browser's socket
// dropped), the desk asks the server for the calls ringing for this operator, every FAST_MS. While
// realtime works it only asks every SLOW_MS whether it still does: realtime alone decides who gets
// a pop-up then (the server does not keep whom the PBX rang).
ambon112.incoming_poll = {
	FAST_MS: 2000,
	SLOW_MS: 10000,
	URL: "/api/method/ambon_112.api.intake.ringing_calls",
	seen: new Set(), // "call:event" already popped up: a pop-up the operator closed stays closed
	realtime: true,

	start() {
		if (!frappe.user.has_role(["112 Operator", "112 Supervisor"])) return;
		// The desk's socket connects after app_ready: judge realtime once it had the time to.
		setTimeout(() => this.tick(), this.SLOW_MS);
	},

	offer(data) {
		const key = `${data.call}:${data.event}`;
		if (this.seen.has(key)) return;
		this.seen.add(key);
		ambon112.incoming.show(data);
	},

	fallback() {
		const socket_up = Boolean(frappe.realtime.socket && frappe.realtime.socket.connected);
		return !this.realtime || !socket_up;
	},

	async tick() {
		const fallback = this.fallback();
		try {
			// fetch, not frappe.call: an unreachable server must not open an error dialog every poll.
			const url = `${this.URL}?calls=${fallback ? 1 : 0}`;
			const response = await fetch(url, { headers: { Accept: "application/json" } });
			if (response.ok) {
				const { message } = await response.json();
				this.realtime = message.realtime;
				if (fallback) message.calls.forEach((data) => this.offer(data));
			}
		} catch (e) {
			// the server is unreachable as well: ask again soon
		}
		// Realtime just went down: ask for the ringing calls at once.
		const delay = this.fallback() ? (fallback ? this.FAST_MS : 0) : this.SLOW_MS;
		setTimeout(() => this.tick(), delay);
	},
};

$(document).on("app_ready", () => {
	frappe.realtime.on("ambon112_incoming_call", (data) => ambon112.incoming_poll.offer(data));
	ambon112.incoming_poll.start();
});
