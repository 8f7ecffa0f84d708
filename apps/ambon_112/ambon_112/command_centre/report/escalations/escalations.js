// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.query_reports["Escalations"] = {
	filters: [
		...ambon112.report_filters.period(),
		{
			fieldname: "applies_to",
			label: __("Applies To"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All") },
				{ value: "Emergency Call", label: __("Emergency Call") },
				{ value: "Incident", label: __("Incident") },
				{ value: "Dispatch", label: __("Dispatch") },
			],
		},
		{
			fieldname: "policy",
			label: __("Escalation Policy"),
			fieldtype: "Link",
			options: "Escalation Policy",
		},
	],
	formatter: ambon112.report_filters.formatter(),
};
