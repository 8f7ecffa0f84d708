// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.query_reports["National 112 Export"] = {
	filters: [
		...ambon112.report_filters.period(),
		{
			fieldname: "kind",
			label: __("Rows"),
			fieldtype: "Select",
			options: [
				{ value: "calls", label: __("Calls") },
				{ value: "incidents", label: __("Incidents") },
			],
			default: "calls",
			reqd: 1,
		},
	],
};
