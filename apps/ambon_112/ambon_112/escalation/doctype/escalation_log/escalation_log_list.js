// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

const ESCALATION_COLORS = { Open: "red", Acknowledged: "orange", Cleared: "green" };

frappe.listview_settings["Escalation Log"] = {
	add_fields: ["status"],
	get_indicator(doc) {
		return [
			ambon112.esc(__(doc.status)),
			ESCALATION_COLORS[doc.status] || "gray",
			ambon112.esc("status,=," + doc.status),
		];
	},
};
