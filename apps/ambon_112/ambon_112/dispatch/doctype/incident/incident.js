// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.ui.form.on("Incident", {
	setup(frm) {
		frm.set_query("kelurahan", () => ({ filters: { is_group: 0 } }));
		frm.set_query("incident_type", () => ({ filters: { is_active: 1 } }));
		frm.set_query("duplicate_of", () => ({ filters: { name: ["!=", frm.doc.name] } }));
	},
	refresh(frm) {
		if (frm.doc.outside_ambon) {
			frm.dashboard.add_comment(__("The coordinates lie outside Kota Ambon: check the location."), "red", true);
		}
		if (frm.doc.is_exercise) {
			frm.dashboard.set_headline_alert(__("Exercise (drill): not counted in KPIs."), "blue");
		}
	},
});
