// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// The session: start and end the drill (the server rings the calls and scores them), open the
// trainer's console, and the replay of each scored call: what the trainee did, in order, beside
// what was expected. A trainee reads their own rows only (the server lets them read only sessions
// they were in); the trainer's remarks are in the Results table.
frappe.ui.form.on("Exercise Session", {
	refresh(frm) {
		if (frm.is_new()) return;
		if (frm.doc.status === "Planned" && frm.perm[0]?.write) {
			frm.add_custom_button(__("Start Drill"), () =>
				frappe
					.call("ambon_112.api.training.start_session", { session: frm.doc.name })
					.then(() => frm.reload_doc())
			);
		}
		if (frm.doc.status === "Running" && frm.perm[0]?.write) {
			frm.add_custom_button(__("End Drill and Score"), () =>
				frappe
					.call("ambon_112.api.training.end_session", { session: frm.doc.name })
					.then(() => frm.reload_doc())
			);
		}
		if (frm.doc.status !== "Ended" && frm.perm[0]?.write) {
			frm.add_custom_button(__("Drill Console"), () =>
				frappe.set_route("drill-console", frm.doc.name)
			);
		}
		frm.set_intro(
			`<b>${__("LATIHAN")}</b> — ${__("Every call this session rings is an exercise.")}`,
			"orange"
		);
		ambon112.replay.render(frm);
	},
});

frappe.provide("ambon112.replay");

ambon112.replay.render = function (frm) {
	const esc = ambon112.esc;
	const field = frm.get_field("replay_html");
	if (!field) return;
	const trainer = frm.perm[0]?.write;
	const rows = (frm.doc.results || []).filter(
		(r) => r.scored_at && (trainer || r.trainee === frappe.session.user)
	);
	if (!rows.length) {
		field.$wrapper.html("");
		return;
	}
	const parts = [`<h5>${__("Replay")}</h5>`];
	for (const r of rows) {
		let lines = [];
		try {
			lines = JSON.parse(r.timeline || "[]");
		} catch (e) {
			lines = [];
		}
		const done = lines.filter((l) => l.event);
		const expected = lines.filter((l) => l.expected);
		const start = done.length ? moment(done[0].at) : null;
		const did = done
			.map((l) => {
				const offset = start ? Math.round(moment(l.at).diff(start) / 1000) : 0;
				const detail = l.detail ? ` ${esc(__(l.detail))}` : "";
				return `<li><span class="text-muted">+${esc(offset)} s</span> ${esc(
					__(l.event)
				)}${detail}</li>`;
			})
			.join("");
		const wanted = expected
			.map((l) => {
				const value =
					l.seconds != null
						? __("{0} s", [esc(l.seconds)])
						: Array.isArray(l.value)
						? l.value.map((v) => esc(__(v))).join(", ")
						: esc(
								l.value === true
									? __("Yes")
									: l.value === false
									? __("No")
									: l.value
						  );
				return `<li>${esc(__(l.expected))}: ${value}</li>`;
			})
			.join("");
		const verdict = r.passed
			? `<span class="indicator green">${__("Passed")}</span>`
			: `<span class="indicator red">${__("Failed")}</span>`;
		const remarks = r.remarks
			? `<div class="mt-2"><b>${__("Trainer's Remarks")}:</b> ${esc(r.remarks)}</div>`
			: "";
		parts.push(`<div class="frappe-card p-3 mb-3 drill-replay" data-call="${esc(r.call)}">
			<div class="h6">${esc(r.scenario)} #${esc(r.call_no)} · ${esc(r.trainee)} ·
				${esc(r.total_score)} % ${verdict}</div>
			<div class="row">
				<div class="col-md-6"><b>${__("What was done")}</b><ol class="drill-done">${did}</ol></div>
				<div class="col-md-6"><b>${__("Expected")}</b><ul class="drill-expected">${wanted}</ul></div>
			</div>${remarks}</div>`);
	}
	field.$wrapper.html(parts.join(""));
};
