// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// Forward only; a crew may skip a step (see ambon_112/core/incident_states.py).
const DISPATCH_PROGRESS = ["Dispatched", "Acknowledged", "En Route", "On Scene", "Cleared"];
const DISPATCH_FINAL = ["Cleared", "Cancelled"];

frappe.ui.form.on("Dispatch", {
	setup(frm) {
		frm.set_query("unit", () => ({
			filters: Object.assign(
				{ status: "Available", is_active: 1 },
				frm.doc.agency ? { agency: frm.doc.agency } : {}
			),
		}));
		frm.set_query("agency", () => ({ filters: { is_active: 1 } }));
	},
	refresh(frm) {
		if (frm.is_new()) return;
		show_dispatch_times(frm);
		if (DISPATCH_FINAL.includes(frm.doc.status) || !frm.perm[0]?.write) return;
		const next = DISPATCH_PROGRESS.slice(DISPATCH_PROGRESS.indexOf(frm.doc.status) + 1);
		for (const status of next) {
			frm.add_custom_button(__(status), () => set_status(frm, status), __("Set Status"));
		}
		frm.add_custom_button(
			__("Cancel Dispatch"),
			() =>
				frappe.prompt(
					{ fieldname: "reason", fieldtype: "Small Text", label: __("Reason"), reqd: 1 },
					(values) => set_status(frm, "Cancelled", values.reason),
					__("Cancel Dispatch"),
					__("Cancel Dispatch")
				),
			__("Set Status")
		);
	},
});

function set_status(frm, status, notes) {
	const save = frm.is_dirty() ? frm.save() : Promise.resolve();
	return save
		.then(() =>
			frappe.xcall("ambon_112.api.dispatch.set_dispatch_status", {
				dispatch: frm.doc.name,
				status,
				notes,
			})
		)
		.then((result) => {
			frappe.show_alert({
				message: __("{0}: {1}", [
					ambon112.esc(result.dispatch),
					ambon112.esc(__(result.status)),
				]),
				indicator: "green",
			});
			frm.reload_doc();
		});
}

function show_dispatch_times(frm) {
	frappe
		.xcall("ambon_112.api.response_times.for_dispatch", { dispatch: frm.doc.name })
		.then((report) => {
			if (!report.segments.length) return;
			const esc = ambon112.esc;
			const rows = report.segments
				.map((s) => {
					const time = esc(ambon112.display.duration(s.seconds));
					return `<tr><td>${esc(s.label)}</td><td class="text-right">${time}</td></tr>`;
				})
				.join("");
			frm.dashboard.add_section(
				`<table class="table table-sm small mb-0"><tbody>${rows}</tbody></table>`,
				__("Response Times")
			);
		});
}
