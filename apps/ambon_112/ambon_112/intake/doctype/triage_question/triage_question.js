// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.ui.form.on("Triage Question", {
	refresh(frm) {
		frm.set_query("incident_type", () => ({ filters: { is_active: 1 } }));
		frm.set_intro(
			__(
				"Each rule applies when the caller's answer matches it: it raises the priority by some levels (negative lowers it), sets a minimum priority and may add an agency type."
			)
		);
	},
});
