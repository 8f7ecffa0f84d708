// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.ui.form.on("Operator Position", {
	refresh(frm) {
		if (frm.is_new()) return;
		const mine = frm.doc.on_duty && frm.doc.operator === frappe.session.user;
		if (mine) {
			frm.add_custom_button(__("End Duty"), async () => {
				await frappe.xcall("ambon_112.api.intake.end_duty");
				frm.reload_doc();
			});
		} else {
			frm.add_custom_button(__("Start Duty Here"), async () => {
				await frappe.xcall("ambon_112.api.intake.start_duty", { position: frm.doc.name });
				frm.reload_doc();
			});
		}
	},
});
