// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.ui.form.on("Ambon Area", {
	refresh(frm) {
		frm.set_df_property("boundary", "read_only", !frappe.user.has_role("112 Administrator"));
	},
});
