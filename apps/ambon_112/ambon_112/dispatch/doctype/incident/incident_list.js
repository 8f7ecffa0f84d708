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

const INCIDENT_PRIORITY_COLORS = { P1: "red", P2: "orange", P3: "blue", P4: "gray" };

frappe.listview_settings["Incident"] = {
	add_fields: ["status", "priority"],
	has_indicator_for_draft: true,
	// The desk opens on what still needs work; finished incidents are one filter away.
	filters: [["status", "not in", ["Closed", "Cancelled", "Duplicate", "False Alarm"]]],
	formatters: {
		priority(value) {
			return value
				? `<span class="indicator-pill ${
						INCIDENT_PRIORITY_COLORS[value] || "gray"
				  }">${value}</span>`
				: "";
		},
	},
	get_indicator(doc) {
		return [__(doc.status), INCIDENT_COLORS[doc.status] || "gray", "status,=," + doc.status];
	},
};
