// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.ui.form.on("Emergency Call", {
	setup(frm) {
		frm.set_query("kelurahan", () => ({ filters: { is_group: 0 } }));
		frm.set_query("incident", () => ({
			filters: { status: ["not in", ["Closed", "Cancelled", "Duplicate", "False Alarm"]] },
		}));
	},
	refresh(frm) {
		if (frm.doc.caller_number_invalid) {
			frm.dashboard.set_headline_alert(
				__("The caller number looks malformed. It is kept exactly as received: confirm it with the caller."),
				"orange"
			);
		}
		if (frm.doc.outside_ambon) {
			frm.dashboard.add_comment(__("The coordinates lie outside Kota Ambon: check the location."), "red", true);
		}
	},
});
