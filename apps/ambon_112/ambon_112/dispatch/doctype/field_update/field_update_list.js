// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

const FIELD_UPDATE_COLORS = {
	Applied: "green",
	"Already Recorded": "blue",
	"Kept as Note": "orange",
	Refused: "red",
};

// The log's own `status` is the status a phone asked for (any text a crew's queue sent): Frappe's
// list would print it, unescaped, into the indicator. The indicator shows the outcome instead, one
// of the log's fixed choices, escaped all the same.
frappe.listview_settings["Field Update"] = {
	add_fields: ["outcome"],
	get_indicator(doc) {
		return [
			ambon112.esc(__(doc.outcome || "")),
			FIELD_UPDATE_COLORS[doc.outcome] || "gray",
			ambon112.esc("outcome,=," + (doc.outcome || "")),
		];
	},
};
