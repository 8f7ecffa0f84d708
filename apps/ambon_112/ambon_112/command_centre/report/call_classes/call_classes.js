// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.query_reports["Call Classes"] = {
	filters: [
		...ambon112.report_filters.period(),
		{
			fieldname: "interval",
			label: __("Interval"),
			fieldtype: "Select",
			options: [
				{ value: "Daily", label: __("Daily") },
				{ value: "Weekly", label: __("Weekly") },
				{ value: "Monthly", label: __("Monthly") },
			],
			default: "Daily",
		},
		ambon112.report_filters.channel(),
		ambon112.report_filters.kecamatan(),
	],
	formatter: ambon112.report_filters.formatter(),
};
