// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

const EMERGENCY_CALL_STATE_COLORS = {
	Ringing: "red",
	Answered: "orange",
	Ended: "green",
	Missed: "gray",
};

frappe.listview_settings["Emergency Call"] = {
	add_fields: ["call_state", "classification", "is_exercise"],
	get_indicator(doc) {
		return [
			__(doc.call_state || "Ringing"),
			EMERGENCY_CALL_STATE_COLORS[doc.call_state] || "gray",
			"call_state,=," + (doc.call_state || "Ringing"),
		];
	},
	formatters: {
		classification(value) {
			const color = value === "Emergency" ? "red" : value ? "gray" : "orange";
			return `<span class="indicator-pill ${color}">${
				value ? __(value) : __("Unclassified")
			}</span>`;
		},
		answer_delay_seconds(value) {
			return value == null ? "" : `${value} s`;
		},
	},
};
