// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.ui.form.on("AML Location", {
	refresh(frm) {
		if (frm.doc.parse_status === "Unparsable") {
			frm.dashboard.set_headline_alert(
				__("This message could not be read; it is kept as received."),
				"orange"
			);
		}
	},
});
