// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.query_reports["Operator Workload"] = {
	filters: [...ambon112.report_filters.period()],
};
