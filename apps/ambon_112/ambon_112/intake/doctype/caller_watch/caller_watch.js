// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.ui.form.on("Caller Watch", {
	refresh(frm) {
		frm.dashboard.set_headline_alert(
			__(
				"A watch or block entry only flags calls: they are still recorded, shown and answered."
			),
			"blue"
		);
		if (!frm.is_new() && frappe.datetime.str_to_obj(frm.doc.expires_at) > new Date()) {
			frm.add_custom_button(__("End Now"), () => {
				frm.set_value("expires_at", frappe.datetime.now_datetime());
				frm.save();
			});
		}
	},
});
