// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// The triggers each kind of item can have (ambon_112/core/escalation.py TRIGGERS).
const ESCALATION_TRIGGERS = {
	"Emergency Call": ["Call Unanswered", "Call Not Classified"],
	Incident: ["Incident Not Triaged", "Incident Not Dispatched", "Incident Open Too Long"],
	Dispatch: ["Dispatch Not Acknowledged", "Unit Not En Route", "Unit Not On Scene"],
	"Restore Drill": ["Restore Drill Overdue"],
	"Operator Position": ["Console Position Unattended"],
	"Shift Handover": ["Shift Understaffed", "Handover Not Acknowledged"],
	"Callback Task": ["Callback Waiting"],
};

frappe.ui.form.on("Escalation Policy", {
	setup(frm) {
		frm.set_query("incident_type", () => ({ filters: { is_active: 1 } }));
		frm.set_query("agency", () => ({ filters: { is_active: 1 } }));
	},
	refresh(frm) {
		frm.trigger("limit_triggers");
		if (!frm.is_new()) {
			frm.add_custom_button(__("Escalation Logs"), () =>
				frappe.set_route("List", "Escalation Log", { policy: frm.doc.name })
			);
		}
	},
	applies_to(frm) {
		frm.trigger("limit_triggers");
	},
	limit_triggers(frm) {
		// Offer only the triggers that concern what the policy applies to.
		const triggers = ESCALATION_TRIGGERS[frm.doc.applies_to] || [];
		frm.fields_dict.levels.grid.update_docfield_property("trigger_condition", "options", [
			"",
			...triggers,
		]);
	},
});
