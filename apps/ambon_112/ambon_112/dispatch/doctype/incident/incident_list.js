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
	add_fields: ["status", "priority", "is_exercise"],
	has_indicator_for_draft: true,
	// The desk opens on what still needs work; finished incidents are one filter away.
	filters: [["status", "not in", ["Closed", "Cancelled", "Duplicate", "False Alarm"]]],
	formatters: {
		// Colours from core/display.py, as on the unit board and the portal.
		priority: (value) => ambon112.display.priority_pill(value),
		// A drill's incident says LATIHAN in its subject.
		title: (value, df, doc) => ambon112.display.exercise_subject(value, doc),
	},
	// The Incident Map (map view): points read within the user's scope, popups escaped, a drill's
	// incident labelled LATIHAN (api/incident_map.py); the map opens on Ambon (public/js/display.js).
	get_coords_method: "ambon_112.api.incident_map.get_coords",
	refresh(listview) {
		if (listview.view_name !== "Map" || listview.ambon112_marks_exercises) return;
		// Frappe's map view draws after its points arrive, after this hook: mark them then.
		const draw = listview.render_map_view.bind(listview);
		listview.render_map_view = () => {
			draw();
			ambon112.display.mark_exercises(listview.map);
		};
		listview.ambon112_marks_exercises = true;
	},
	get_indicator(doc) {
		return [
			ambon112.esc(__(doc.status)),
			INCIDENT_COLORS[doc.status] || "gray",
			ambon112.esc("status,=," + doc.status),
		];
	},
};
