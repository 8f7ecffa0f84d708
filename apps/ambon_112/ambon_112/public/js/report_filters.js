// The filters the command centre's reports share, defined (and translated) once. Loaded on every
// desk page (app_include_js) because report scripts are evaluated when a report opens.
frappe.provide("ambon112.report_filters");

Object.assign(ambon112.report_filters, {
	// From `days - 1` days ago to today: 30 days by default, today included.
	period(days = 30) {
		return [
			{
				fieldname: "from_date",
				label: __("From Date"),
				fieldtype: "Date",
				default: frappe.datetime.add_days(frappe.datetime.get_today(), 1 - days),
				reqd: 1,
			},
			{
				fieldname: "to_date",
				label: __("To Date"),
				fieldtype: "Date",
				default: frappe.datetime.get_today(),
				reqd: 1,
			},
		];
	},
	kecamatan() {
		return {
			fieldname: "kecamatan",
			label: __("Kecamatan"),
			fieldtype: "Link",
			options: "Ambon Area",
			get_query: () => ({ filters: { level: "Kecamatan" } }),
		};
	},
	incident_type() {
		return {
			fieldname: "incident_type",
			label: __("Incident Type"),
			fieldtype: "Link",
			options: "Incident Type",
		};
	},
	priority() {
		return {
			fieldname: "priority",
			label: __("Priority"),
			fieldtype: "Select",
			options: ["", "P1", "P2", "P3", "P4"],
		};
	},
	agency() {
		return { fieldname: "agency", label: __("Agency"), fieldtype: "Link", options: "Agency" };
	},
	channel(default_value = "") {
		return {
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
			default: default_value,
		};
	},
	// Decorates `fieldname` with a green or red pill by whether the row met its target (`met_field`).
	met_pill(fieldname, met_field) {
		return (value, column, data) =>
			column.fieldname === fieldname && data && data[met_field] != null
				? `<span class="indicator-pill ${
						data[met_field] ? "green" : "red"
				  }">${value}</span>`
				: value;
	},
	// A report formatter that shows total rows (data.bold) in bold; `extra` may decorate a cell.
	formatter(extra) {
		return function (value, row, column, data, default_formatter) {
			value = default_formatter(value, row, column, data);
			if (extra) value = extra(value, column, data);
			return data && data.bold ? `<b>${value}</b>` : value;
		};
	},
});
