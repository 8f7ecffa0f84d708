// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.query_reports["Escalations"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("From Date"),
			fieldtype: "Date",
			default: frappe.datetime.add_days(frappe.datetime.get_today(), -29),
			reqd: 1,
		},
		{
			fieldname: "to_date",
			label: __("To Date"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "applies_to",
			label: __("Applies To"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All") },
				{ value: "Emergency Call", label: __("Emergency Call") },
				{ value: "Incident", label: __("Incident") },
				{ value: "Dispatch", label: __("Dispatch") },
			],
		},
		{
			fieldname: "policy",
			label: __("Escalation Policy"),
			fieldtype: "Link",
			options: "Escalation Policy",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		return data && data.bold ? `<b>${value}</b>` : value;
	},
};
