// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.ui.form.on("Monthly Service Report", {
	refresh(frm) {
		if (frm.is_new()) return;
		const may = ["112 Supervisor", "112 Administrator", "System Manager"].some((r) =>
			frappe.user.has_role(r)
		);
		if (!may) return;
		frm.add_custom_button(__("Rebuild"), () =>
			frappe
				.call({
					method: "ambon_112.reporting.monthly.rebuild",
					args: { period: frm.doc.period },
					freeze: true,
					freeze_message: __("Building the report…"),
				})
				.then(() => frm.reload_doc())
		);
	},
});
