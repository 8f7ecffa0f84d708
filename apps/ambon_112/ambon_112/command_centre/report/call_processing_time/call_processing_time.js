// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.query_reports["Call Processing Time"] = {
	filters: [
		...ambon112.report_filters.period(),
		ambon112.report_filters.select("group_by", __("Group By"), "Call Processing Time"),
		ambon112.report_filters.kecamatan(),
		ambon112.report_filters.incident_type(),
		ambon112.report_filters.priority(),
		ambon112.report_filters.agency(),
	],
	formatter: ambon112.report_filters.formatter(
		ambon112.report_filters.met_pill("nfpa", "nfpa_met")
	),
};
