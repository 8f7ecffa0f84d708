// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.query_reports["Call Answer Time"] = {
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
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Hour of Day", label: __("Hour of Day") },
				{ value: "Shift", label: __("Shift") },
				{ value: "Day", label: __("Day") },
			],
			default: "Hour of Day",
		},
		{
			fieldname: "channel",
			label: __("Channel"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("All Channels") },
				{ value: "Voice", label: __("Voice") },
				{ value: "SMS", label: __("SMS") },
				{ value: "WhatsApp", label: __("WhatsApp") },
				{ value: "App", label: __("App") },
				{ value: "Walk-in", label: __("Walk-in") },
			],
			default: "Voice",
		},
		{
			fieldname: "kecamatan",
			label: __("Kecamatan"),
			fieldtype: "Link",
			options: "Ambon Area",
			get_query: () => ({ filters: { level: "Kecamatan" } }),
		},
		{
			fieldname: "incident_type",
			label: __("Incident Type"),
			fieldtype: "Link",
			options: "Incident Type",
		},
		{
			fieldname: "priority",
			label: __("Priority"),
			fieldtype: "Select",
			options: ["", "P1", "P2", "P3", "P4"],
		},
		{
			fieldname: "agency",
			label: __("Agency"),
			fieldtype: "Link",
			options: "Agency",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		value = default_formatter(value, row, column, data);
		if (column.fieldname === "nena" && data && data.nena_met != null) {
			value = `<span class="indicator-pill ${
				data.nena_met ? "green" : "red"
			}">${value}</span>`;
		}
		return data && data.bold ? `<b>${value}</b>` : value;
	},
};
