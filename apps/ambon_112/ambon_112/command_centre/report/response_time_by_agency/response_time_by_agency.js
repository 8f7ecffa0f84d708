// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.query_reports["Response Time by Agency"] = {
	filters: [
		...ambon_112.report_filters.period(),
		ambon_112.report_filters.agency(),
		ambon_112.report_filters.incident_type(),
		ambon_112.report_filters.priority(),
		ambon_112.report_filters.kecamatan(),
	],
	tree: true,
	initial_depth: 1,
	formatter: ambon_112.report_filters.formatter(),
};
