// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.ui.form.on("Shift Handover", {
	refresh(frm) {
		if (
			frm.doc.status === "Draft" &&
			frappe.user.has_role(["112 Supervisor", "112 Administrator"])
		) {
			frm.add_custom_button(__("Acknowledge Handover"), () =>
				frappe
					.xcall("ambon_112.api.operations.acknowledge_handover", {
						handover_name: frm.doc.name,
					})
					.then(() => frm.reload_doc())
			).addClass("btn-primary");
		}
	},
});
