// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.ui.form.on("Incident Type", {
	setup(frm) {
		frm.set_query("parent_incident_type", () => ({ filters: { is_group: 1 } }));
	},
});
