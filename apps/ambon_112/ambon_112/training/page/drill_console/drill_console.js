// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// The trainer's console: pick a session, read the caller's script aloud step by step, follow each
// trainee's actions live, end the drill at any time. While open it asks the server every few
// seconds to ring the calls now due (the scenario's rhythm), and refreshes at once when the drill's
// event reaches the trainer's own room (never a broadcast). Every value is escaped.

frappe.provide("ambon112");

const DRILL_EVENT = "ambon112_drill";
const TICK_MS = 5000;

frappe.pages["drill-console"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("Drill Console"),
		single_column: true,
	});
	wrapper.console = new ambon112.DrillConsole(page);
};

frappe.pages["drill-console"].on_page_show = function (wrapper) {
	const session = frappe.get_route()[1];
	if (session && wrapper.console) wrapper.console.session_field.set_value(session);
};

ambon112.DrillConsole = class DrillConsole {
	constructor(page) {
		this.page = page;
		this.session = null;
		this.step = {};
		this.$body = $('<div class="ambon112-drill-console"></div>').appendTo(page.main);
		this.session_field = page.add_field({
			fieldname: "session",
			label: __("Exercise Session"),
			fieldtype: "Link",
			options: "Exercise Session",
			change: () => this.pick(this.session_field.get_value()),
		});
		this.end_button = page.set_primary_action(__("End Drill and Score"), () => this.end());
		this.end_button.hide();
		frappe.realtime.on(DRILL_EVENT, (data) => {
			if (data && data.session === this.session) this.refresh();
		});
		this.$body.on("click", "[data-step]", (e) => {
			const scenario = $(e.currentTarget).attr("data-scenario");
			this.step[scenario] =
				(this.step[scenario] || 0) + Number($(e.currentTarget).attr("data-step"));
			this.render();
		});
		this.render();
	}

	pick(session) {
		if (session === this.session) return;
		this.session = session || null;
		this.state = null;
		this.step = {};
		clearTimeout(this.timer);
		this.refresh();
	}

	async refresh() {
		if (!this.session) return this.render();
		const session = this.session;
		const running = this.state && this.state.status === "Running" && this.state.can_write;
		const r = running
			? await frappe.call({ method: "ambon_112.api.training.tick", args: { session } })
			: await frappe.call({
					method: "ambon_112.api.training.console_state",
					args: { session },
			  });
		if (session !== this.session) return;
		this.state = r.message;
		this.render();
		clearTimeout(this.timer);
		if (this.state.status === "Running")
			this.timer = setTimeout(() => this.refresh(), TICK_MS);
	}

	async end() {
		frappe.confirm(__("End this drill now and score it?"), async () => {
			await frappe.call({
				method: "ambon_112.api.training.end_session",
				args: { session: this.session },
			});
			this.refresh();
		});
	}

	render() {
		const esc = ambon112.esc;
		const s = this.state;
		if (!s) {
			this.end_button && this.end_button.hide();
			this.$body.html(
				`<p class="text-muted">${__("Pick an exercise session to follow it.")}</p>`
			);
			return;
		}
		this.end_button.toggle(s.status === "Running" && s.can_write);
		const parts = [
			`<div class="alert alert-warning ambon112-latihan"><b>${__("LATIHAN")}</b> — ${esc(
				s.title || s.session
			)} · <span class="drill-status">${esc(__(s.status))}</span></div>`,
			'<div class="row"><div class="col-md-5"><h5>' + __("Caller Script") + "</h5>",
		];
		for (const script of s.scripts) parts.push(this.script_html(script));
		parts.push('</div><div class="col-md-7"><h5>' + __("Trainees") + "</h5>");
		for (const t of s.trainees) parts.push(this.trainee_html(t));
		parts.push("</div></div>");
		this.$body.html(parts.join(""));
	}

	script_html(script) {
		const esc = ambon112.esc;
		const at = Math.min(this.step[script.scenario] || 0, Math.max(0, script.steps.length - 1));
		this.step[script.scenario] = at;
		const step = script.steps[at] || {};
		const where = [script.landmark, script.kelurahan].filter(Boolean).map(esc).join(" · ");
		return `<div class="frappe-card p-3 mb-3 drill-script" data-scenario-name="${esc(
			script.scenario
		)}">
			<div class="h6">${esc(script.scenario)}</div>
			<div class="text-muted small">${esc(script.description || "")} ${where ? "· " + where : ""}</div>
			<div class="small mt-2">${__("Step {0} of {1}", [at + 1, script.steps.length])}${
			step.cue ? " · " + __("When asked: {0}", [esc(step.cue)]) : ""
		}</div>
			<blockquote class="drill-says h5 mt-2">${esc(step.caller_says || "")}</blockquote>
			<button class="btn btn-xs btn-default" data-step="-1" data-scenario="${esc(script.scenario)}">${__(
			"Previous"
		)}</button>
			<button class="btn btn-xs btn-primary drill-next" data-step="1" data-scenario="${esc(
				script.scenario
			)}">${__("Next Step")}</button>
		</div>`;
	}

	trainee_html(t) {
		const esc = ambon112.esc;
		const rows = t.results.map((r) => {
			let state;
			if (!r.call) state = __("rings in {0} s", [r.due_in == null ? "?" : r.due_in]);
			else state = esc(__(r.call_state || ""));
			const score =
				r.total_score == null
					? ""
					: `<span class="indicator ${r.passed ? "green" : "red"}">${esc(
							String(r.total_score)
					  )} %</span>`;
			return `<tr class="drill-result" data-call="${esc(r.call || "")}">
				<td>${esc(r.scenario)} #${esc(String(r.call_no))}</td>
				<td>${state}</td>
				<td class="drill-class">${esc(r.classification ? __(r.classification) : "")}</td>
				<td>${r.located ? __("Located") : ""}</td>
				<td class="drill-incident">${esc(r.incident || "")}</td>
				<td class="drill-dispatched">${r.dispatched.map(esc).join(", ")}</td>
				<td class="drill-score">${score}</td>
			</tr>`;
		});
		const paused = t.paused
			? `<span class="indicator red drill-paused">${__("Paused: live call")}</span>`
			: "";
		return `<div class="frappe-card p-3 mb-3 drill-trainee" data-trainee="${esc(t.trainee)}">
			<div class="h6">${esc(t.trainee)} ${paused}</div>
			<table class="table table-sm"><thead><tr>
				<th>${__("Scenario")}</th><th>${__("Call")}</th><th>${__("Class")}</th>
				<th>${__("Location")}</th><th>${__("Incident")}</th><th>${__("Dispatched")}</th>
				<th>${__("Score")}</th>
			</tr></thead><tbody>${rows.join("")}</tbody></table></div>`;
	}
};
