// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// Callbacks are made and recorded on the call console; the form shows the record and opens it.
frappe.ui.form.on("Callback Task", {
	refresh(frm) {
		if (frm.doc.is_exercise) {
			frm.dashboard.set_headline_alert(
				__("LATIHAN") + " — " + __("Training drill call: not a real emergency."),
				"yellow"
			);
		}
		if (frm.doc.status === "Open") {
			frm.add_custom_button(__("Open Call Console"), () => frappe.set_route("call-console"));
		}
	},
});
