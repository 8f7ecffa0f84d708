// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.ui.form.on("Agency", {
	setup(frm) {
		// A Table MultiSelect has no grid: its query is set on the field itself.
		frm.set_query("jurisdiction", () => ({ filters: { level: ["!=", "Kota"] } }));
		frm.set_query("user", "members", () => ({
			query: "frappe.core.doctype.user.user.user_query",
		}));
	},
});
