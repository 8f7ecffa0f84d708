// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.query_reports["Response Time by Agency"] = {
	filters: [
		...ambon112.report_filters.period(),
		ambon112.report_filters.agency(),
		ambon112.report_filters.incident_type(),
		ambon112.report_filters.priority(),
		ambon112.report_filters.kecamatan(),
	],
	tree: true,
	initial_depth: 1,
	formatter: ambon112.report_filters.formatter(),
};
