// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

const DISPATCH_COLORS = {
	Dispatched: "red",
	Acknowledged: "orange",
	"En Route": "yellow",
	"On Scene": "blue",
	Cleared: "green",
	Cancelled: "gray",
};

frappe.listview_settings["Dispatch"] = {
	add_fields: ["status"],
	// Dispatches still on the road first; cleared and cancelled ones are one filter away.
	filters: [["status", "not in", ["Cleared", "Cancelled"]]],
	get_indicator(doc) {
		return [__(doc.status), DISPATCH_COLORS[doc.status] || "gray", "status,=," + doc.status];
	},
};
