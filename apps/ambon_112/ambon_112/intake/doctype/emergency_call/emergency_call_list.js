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
			ambon112.esc(__(doc.call_state || "Ringing")),
			EMERGENCY_CALL_STATE_COLORS[doc.call_state] || "gray",
			ambon112.esc("call_state,=," + (doc.call_state || "Ringing")),
		];
	},
	formatters: {
		// A drill's call says LATIHAN in its subject (the call's name).
		name: (value, df, doc) => ambon112.display.exercise_subject(value, doc),
		classification(value) {
			const color = value === "Emergency" ? "red" : value ? "gray" : "orange";
			return `<span class="indicator-pill ${color}">${ambon112.esc(
				value ? __(value) : __("Unclassified")
			)}</span>`;
		},
		answer_delay_seconds(value) {
			return ambon112.esc(ambon112.display.duration(value));
		},
	},
};
