// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// The incoming-call pop-up. The server publishes "ambon112_incoming_call" to the answering
// operator (or to everyone on duty) only; a second event for the same call updates its pop-up.
frappe.provide("ambon112.incoming");

ambon112.incoming = {
	dialogs: {},

	show(data) {
		let dialog = this.dialogs[data.call];
		if (!dialog) {
			dialog = new frappe.ui.Dialog({
				title: data.title,
				indicator: data.caller_flagged ? "red" : "blue",
				fields: [{ fieldtype: "HTML", fieldname: "body" }],
				primary_action_label: __("Open Call"),
				primary_action: () => {
					dialog.hide();
					frappe.set_route("Form", "Emergency Call", data.call);
				},
			});
			dialog.onhide = () => delete this.dialogs[data.call];
			this.dialogs[data.call] = dialog;
		}
		dialog.set_title(data.title);
		dialog.fields_dict.body.$wrapper.html(this.render(data));
		dialog.show();
	},

	render(data) {
		const esc = frappe.utils.escape_html;
		const parts = [];
		const number = data.caller_number ? esc(data.caller_number) : __("Withheld number");
		parts.push(`<div class="h4">${number}</div>`);
		parts.push(
			`<div class="text-muted">${__(data.call_state)} · ${frappe.datetime.str_to_user(
				data.received_at
			)}</div>`
		);
		if (data.caller_number_invalid) {
			parts.push(
				`<div class="text-warning">${__(
					"The number looks malformed: confirm it with the caller."
				)}</div>`
			);
		}
		parts.push(ambon112.incoming.flags_html(data));
		parts.push(ambon112.incoming.history_html(data.history));
		return parts.join("");
	},

	flags_html(data) {
		const esc = frappe.utils.escape_html;
		const lines = [];
		if (data.watch) {
			lines.push(
				__("{0} list until {1}: {2}", [
					__(data.watch.list_type),
					frappe.datetime.str_to_user(data.watch.expires_at),
					esc(data.watch.reason || ""),
				])
			);
		}
		if (data.recent_nuisance_calls) {
			lines.push(__("{0} prank or silent calls recently", [data.recent_nuisance_calls]));
		}
		if (!lines.length) return "";
		return `<div class="alert alert-warning mt-2">${lines.join("<br>")}<br><b>${__(
			"Answer as usual: the call is recorded and may be real."
		)}</b></div>`;
	},

	history_html(history) {
		const esc = frappe.utils.escape_html;
		if (!history || !history.total) {
			return `<p class="mt-2">${__("No earlier calls from this number.")}</p>`;
		}
		const counts = Object.entries(history.by_class)
			.filter(([, n]) => n)
			.map(([cls, n]) => `<span class="badge badge-secondary mr-1">${__(cls)}: ${n}</span>`)
			.join("");
		const link = (i) =>
			`<a href="/app/incident/${encodeURIComponent(i.name)}">${esc(
				i.title || i.name
			)}</a> (${__(i.status)}, ${esc(i.priority || "")})`;
		const lines = [
			`<div class="mt-2">${__("Earlier calls: {0}", [history.total])} ${counts}</div>`,
			`<div class="text-muted">${__("First call {0}, last call {1}", [
				frappe.datetime.str_to_user(history.first_call),
				frappe.datetime.str_to_user(history.last_call),
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

$(document).on("app_ready", () => {
	frappe.realtime.on("ambon112_incoming_call", (data) => ambon112.incoming.show(data));
});
