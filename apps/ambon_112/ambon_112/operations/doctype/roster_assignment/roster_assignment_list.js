// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// Bulk assignment: a pattern of shifts (e.g. Pagi, Pagi, Siang, Siang, Malam, Malam, off, off)
// laid over a date range for one operator (ambon_112.api.operations.assign_pattern).
frappe.listview_settings["Roster Assignment"] = {
	onload(listview) {
		if (!frappe.model.can_create("Roster Assignment")) return;
		listview.page.add_inner_button(__("Assign a Pattern"), () => {
			const dialog = new frappe.ui.Dialog({
				title: __("Assign a Pattern"),
				fields: [
					{
						fieldtype: "Link",
						fieldname: "user",
						options: "User",
						label: __("Operator"),
						reqd: 1,
					},
					{
						fieldtype: "Link",
						fieldname: "position",
						options: "Operator Position",
						label: __("Console Position"),
					},
					{
						fieldtype: "Select",
						fieldname: "role_in_shift",
						options: "Operator\nSupervisor",
						default: "Operator",
						label: __("Role in Shift"),
					},
					{ fieldtype: "Date", fieldname: "from_date", label: __("From"), reqd: 1 },
					{ fieldtype: "Date", fieldname: "to_date", label: __("To"), reqd: 1 },
					{
						fieldtype: "Data",
						fieldname: "pattern",
						label: __("Pattern"),
						reqd: 1,
						description: __(
							"Shift names separated by commas; a dash is a day off, e.g. Pagi, Pagi, Siang, Siang, Malam, Malam, -, -"
						),
					},
				],
				primary_action_label: __("Assign"),
				primary_action: (values) => {
					const pattern = values.pattern
						.split(",")
						.map((s) => s.trim())
						.map((s) => (s === "-" || s === "" ? null : s));
					frappe
						.xcall("ambon_112.api.operations.assign_pattern", {
							...values,
							pattern: JSON.stringify(pattern),
						})
						.then((created) => {
							dialog.hide();
							frappe.show_alert(__("{0} shifts assigned", [created.length]));
							listview.refresh();
						});
				},
			});
			dialog.show();
		});
	},
};
