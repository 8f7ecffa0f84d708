"""The Incident Map (the desk's map view of the incident list, /app/incident/view/map).

Frappe's own ``frappe.geo.utils.get_coords`` reads the table with raw SQL (no permission rule,
no field levels) and labels each point with its bare name, which the map view puts into the
popup as HTML. This one reads through ``frappe.get_list`` (the user's scope and field levels),
says LATIHAN for a drill's incident, and escapes the popup's text.
"""

import frappe
from frappe import _
from frappe.utils import escape_html

INCIDENT = "Incident"
FIELDS = ["name", "title", "priority", "status", "latitude", "longitude", "is_exercise"]
MAX_POINTS = 2000


@frappe.whitelist()
def get_coords(doctype: str = INCIDENT, filters=None, type: str | None = None) -> dict:
	"""GeoJSON points of the incidents the list's filters select, as Frappe's map view draws them."""
	if doctype != INCIDENT:
		frappe.throw(_("The incident map shows incidents only."), frappe.PermissionError)
	frappe.has_permission(INCIDENT, "read", throw=True)
	rows = frappe.get_list(
		INCIDENT,
		filters=frappe.parse_json(filters) if filters else None,
		fields=FIELDS,
		order_by="reported_at desc",
		limit_page_length=MAX_POINTS,
	)
	return {"type": "FeatureCollection", "features": [_feature(row) for row in rows if _located(row)]}


def _located(row) -> bool:
	return bool(row.latitude or row.longitude)


def _feature(row) -> dict:
	text = (
		f"{row.priority or ''} {row.title or row.name} ({_(row.status) if row.status else ''}) · {row.name}"
	)
	if row.is_exercise:
		text = f"{_('LATIHAN')} · {text}"
	return {
		"type": "Feature",
		# The map view puts `name` into the popup as HTML: escaped here.
		"properties": {"name": escape_html(text.strip()), "is_exercise": int(row.is_exercise or 0)},
		"geometry": {"type": "Point", "coordinates": [row.longitude, row.latitude]},
	}
