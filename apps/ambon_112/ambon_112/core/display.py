"""How the centre's screens show a unit's status, an incident's priority, a drill and the map of
Kota Ambon: defined once here, read by the Python (report charts, the portal's templates) and sent
to every page's script (``ambon_112.display``; public/js/display.js), so a P3 is the same colour on
the unit board, in the incident list, on the portal and in a report.

Each colour is a pair: the desk's indicator class (``indicator-pill <class>``) and the hex a map or
chart needs (Leaflet and Frappe Charts take real colours, not CSS classes).
"""

from __future__ import annotations

from typing import NamedTuple


class Colour(NamedTuple):
	indicator: str
	hex: str


GRAY = Colour("gray", "#8d99a6")

UNIT_STATUS_COLOURS: dict[str, Colour] = {
	"Available": Colour("green", "#30a66d"),
	"Dispatched": Colour("orange", "#f18d2c"),
	"En Route": Colour("yellow", "#d9b200"),
	"On Scene": Colour("blue", "#2490ef"),
	"Returning": Colour("purple", "#8b5cf6"),
	"Out of Service": GRAY,
}

PRIORITY_COLOURS: dict[str, Colour] = {
	"P1": Colour("red", "#e24c4c"),
	"P2": Colour("orange", "#f18d2c"),
	"P3": Colour("blue", "#2490ef"),
	"P4": GRAY,
}

# Everything a drill creates says LATIHAN (exercise) in this colour, wherever it could pass for real.
EXERCISE_COLOUR = Colour("pink", "#c2185b")  # white text on it: contrast 5.9 (WCAG AA)

# Kota Ambon: the middle of its 5 kecamatan (Nusaniwe to Baguala), the whole city in view.
MAP_CENTRE = (-3.6847, 128.1837)
MAP_ZOOM = 11
# One place (an incident) is shown at street level.
MAP_POINT_ZOOM = 16
MAP_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
MAP_ATTRIBUTION = '&copy; <a href="https://osm.org/copyright">OpenStreetMap</a>'
MAP_MAX_ZOOM = 19


def priority_colour(priority: str | None) -> Colour:
	return PRIORITY_COLOURS.get(priority or "", GRAY)


def unit_status_colour(status: str | None) -> Colour:
	return UNIT_STATUS_COLOURS.get(status or "", GRAY)


def client_config() -> dict:
	"""What a page's script needs, as JSON (statuses and priorities in their order)."""

	def colours(mapping: dict[str, Colour]) -> dict:
		return {key: colour._asdict() for key, colour in mapping.items()}

	return {
		"unit_status": colours(UNIT_STATUS_COLOURS),
		"priority": colours(PRIORITY_COLOURS),
		"none": GRAY._asdict(),
		"exercise": EXERCISE_COLOUR._asdict(),
		"map": {
			"centre": list(MAP_CENTRE),
			"zoom": MAP_ZOOM,
			"point_zoom": MAP_POINT_ZOOM,
			"tiles": MAP_TILES,
			"options": {"maxZoom": MAP_MAX_ZOOM, "attribution": MAP_ATTRIBUTION},
		},
	}
