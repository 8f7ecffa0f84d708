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
	add_fields: ["status", "is_exercise"],
	// A drill's dispatch says LATIHAN in its subject (the incident).
	formatters: {
		incident: (value, df, doc) => ambon112.display.exercise_subject(value, doc),
	},
	// Dispatches still on the road first; cleared and cancelled ones are one filter away.
	filters: [["status", "not in", ["Cleared", "Cancelled"]]],
	get_indicator(doc) {
		return [
			ambon112.esc(__(doc.status)),
			DISPATCH_COLORS[doc.status] || "gray",
			ambon112.esc("status,=," + doc.status),
		];
	},
};
