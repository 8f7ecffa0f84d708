// The filters the command centre's reports share, defined (and translated) once. Loaded on every
// desk page (app_include_js) because report scripts are evaluated when a report opens. The options
// of Select filters come from the Python that checks them (command_centre/report_choices.py, boot).
frappe.provide("ambon112.report_filters");

// Frappe's formatters print Data and Text values as HTML: the reports escape them first.
const AMBON112_PLAIN_TEXT_COLUMNS = ["Data", "Small Text", "Text", "Long Text", "Phone"];

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
	// A Select filter of one report (`report` given) or shared by several, with its options and default.
	select(fieldname, label, report) {
		const choices = frappe.boot.ambon112_report_choices;
		const { options, default: default_value } = report
			? choices.reports[report][fieldname]
			: choices.filters[fieldname];
		return { fieldname, label, fieldtype: "Select", options, default: default_value };
	},
	priority() {
		return ambon112.report_filters.select("priority", __("Priority"));
	},
	agency() {
		return { fieldname: "agency", label: __("Agency"), fieldtype: "Link", options: "Agency" };
	},
	channel(default_value = "") {
		return {
			...ambon112.report_filters.select("channel", __("Channel")),
			default: default_value,
		};
	},
	// Decorates `fieldname` with a green or red pill by whether the row met its target (`met_field`);
	// `value` is the cell as the formatter below made it, already escaped.
	met_pill(fieldname, met_field) {
		return (value, column, data) =>
			column.fieldname === fieldname && data && data[met_field] != null
				? `<span class="indicator-pill ${
						data[met_field] ? "green" : "red"
				  }">${value}</span>`
				: value;
	},
	// A count per priority (columns p1…p4) in that priority's colour, as the chart, the unit board
	// and the incident list show it (core/display.py); `value` is already formatted and escaped.
	priority_colour(value, column, data) {
		const priority = (column.fieldname || "").toUpperCase();
		if (!data || !data[column.fieldname] || !ambon112.display.is_priority(priority))
			return value;
		return `<span class="indicator-pill ${
			ambon112.display.priority(priority).indicator
		}">${value}</span>`;
	},
	// A report formatter that shows total rows (data.bold) in bold; `extra` may decorate a cell.
	formatter(extra) {
		return function (value, row, column, data, default_formatter) {
			if (
				typeof value === "string" &&
				AMBON112_PLAIN_TEXT_COLUMNS.includes(column.fieldtype)
			)
				value = ambon112.esc(value);
			value = default_formatter(value, row, column, data);
			value = ambon112.report_filters.priority_colour(value, column, data);
			if (extra) value = extra(value, column, data);
			return data && data.bold ? `<b>${value}</b>` : value;
		};
	},
});
