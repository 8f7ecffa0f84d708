// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.listview_settings["Emergency Unit"] = {
	add_fields: ["status"],
	filters: [["is_active", "=", 1]],
	get_indicator(doc) {
		return [
			ambon112.esc(__(doc.status)),
			ambon112.display.unit_status(doc.status).indicator,
			ambon112.esc("status,=," + doc.status),
		];
	},
};
