// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.query_reports["Call Classes"] = {
	filters: [
		...ambon112.report_filters.period(),
		ambon112.report_filters.select("interval", __("Interval"), "Call Classes"),
		ambon112.report_filters.channel(),
		ambon112.report_filters.kecamatan(),
	],
	formatter: ambon112.report_filters.formatter(),
};
