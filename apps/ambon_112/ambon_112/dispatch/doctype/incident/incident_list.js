// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

const INCIDENT_COLORS = {
	New: "red",
	Triaged: "orange",
	Dispatched: "yellow",
	"On Scene": "blue",
	Resolved: "green",
	Closed: "gray",
	Cancelled: "gray",
	Duplicate: "gray",
	"False Alarm": "gray",
};

frappe.listview_settings["Incident"] = {
	add_fields: ["status", "priority"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		return [__(doc.status), INCIDENT_COLORS[doc.status] || "gray", "status,=," + doc.status];
	},
};
