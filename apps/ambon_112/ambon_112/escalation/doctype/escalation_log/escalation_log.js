// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.ui.form.on("Escalation Log", {
	refresh(frm) {
		// Written by the escalation engine only: there is nothing to save.
		frm.disable_save();
		if (frm.doc.reference_doctype && frm.doc.reference_name) {
			frm.add_custom_button(
				__("View {0}", [ambon112.esc(__(frm.doc.reference_doctype))]),
				() => frappe.set_route("Form", frm.doc.reference_doctype, frm.doc.reference_name)
			);
		}
		if (!frm.doc.acknowledged_by && frappe.model.can_write("Escalation Log")) {
			frm.add_custom_button(__("Acknowledge"), () =>
				frappe
					.call({
						method: "ambon_112.api.escalation.acknowledge",
						args: { log: frm.doc.name },
						freeze: true,
					})
					.then(() => frm.reload_doc())
			).addClass("btn-primary");
		}
		if (frm.doc.acknowledged_by) {
			frm.dashboard.set_headline_alert(
				__("Acknowledged by {0} at {1}", [
					ambon112.esc(frappe.user.full_name(frm.doc.acknowledged_by)),
					ambon112.esc(frappe.datetime.str_to_user(frm.doc.acknowledged_at)),
				]),
				"green"
			);
		}
	},
});
