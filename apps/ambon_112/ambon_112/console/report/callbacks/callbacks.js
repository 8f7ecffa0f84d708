// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.query_reports["Callbacks"] = {
	filters: [...ambon112.report_filters.period()],
	formatter: ambon112.report_filters.formatter(),
};
