// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// The roster as Frappe's calendar view: one event per assignment, from its shift's start to its end.
frappe.views.calendar["Roster Assignment"] = {
	field_map: {
		start: "starts_at",
		end: "ends_at",
		id: "name",
		title: "title",
	},
	filters: [
		{
			fieldtype: "Link",
			fieldname: "position",
			options: "Operator Position",
			label: __("Console Position"),
		},
		{ fieldtype: "Link", fieldname: "shift_type", options: "Duty Shift", label: __("Shift") },
	],
	get_events_method: "frappe.desk.calendar.get_events",
};
