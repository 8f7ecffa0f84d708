// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

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
});
