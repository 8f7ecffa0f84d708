// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.ui.form.on("AML Location", {
	refresh(frm) {
		if (frm.doc.parse_status === "Unparsable") {
			frm.dashboard.set_headline_alert(
				__("No position was taken from this message; it is kept as received."),
				"orange"
			);
		} else if (frm.doc.has_warnings) {
			frm.dashboard.set_headline_alert(
				__("The position was kept, but the message was odd: see its warnings."),
				"yellow"
			);
		}
	},
});
