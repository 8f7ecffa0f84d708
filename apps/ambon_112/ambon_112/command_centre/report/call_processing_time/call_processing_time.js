// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.query_reports["Call Processing Time"] = {
	filters: [
		...ambon112.report_filters.period(),
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Incident Type", label: __("Incident Type") },
				{ value: "Priority", label: __("Priority") },
				{ value: "Kecamatan", label: __("Kecamatan") },
				{ value: "Shift", label: __("Shift") },
				{ value: "Hour of Day", label: __("Hour of Day") },
			],
			default: "Incident Type",
		},
		ambon112.report_filters.kecamatan(),
		ambon112.report_filters.incident_type(),
		ambon112.report_filters.priority(),
		ambon112.report_filters.agency(),
	],
	formatter: ambon112.report_filters.formatter(
		ambon112.report_filters.met_pill("nfpa", "nfpa_met")
	),
};
