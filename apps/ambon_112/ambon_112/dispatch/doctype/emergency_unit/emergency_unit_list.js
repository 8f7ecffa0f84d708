// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

const UNIT_COLORS = {
	Available: "green",
	Dispatched: "orange",
	"En Route": "yellow",
	"On Scene": "blue",
	Returning: "purple",
	"Out of Service": "gray",
};

frappe.listview_settings["Emergency Unit"] = {
	add_fields: ["status"],
	filters: [["is_active", "=", 1]],
	get_indicator(doc) {
		return [__(doc.status), UNIT_COLORS[doc.status] || "gray", "status,=," + doc.status];
	},
};
