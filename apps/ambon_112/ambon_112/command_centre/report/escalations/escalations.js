// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.query_reports["Escalations"] = {
	filters: [
		...ambon112.report_filters.period(),
		ambon112.report_filters.select("applies_to", __("Applies To"), "Escalations"),
		{
			fieldname: "policy",
			label: __("Escalation Policy"),
			fieldtype: "Link",
			options: "Escalation Policy",
		},
	],
	formatter: ambon112.report_filters.formatter(),
};
