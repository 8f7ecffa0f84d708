// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.ui.form.on("Emergency Unit", {
	setup(frm) {
		frm.set_query("unit_type", () => ({
			filters: frm.doc.agency_type ? { agency_type: ["in", [frm.doc.agency_type, ""]] } : {},
		}));
	},
});
