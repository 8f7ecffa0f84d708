"""The unit board's data: one call, a fixed number of queries whatever the number of units."""

import frappe
from frappe.utils import now_datetime

from ambon_112.core.board import group_by_agency, totals
from ambon_112.core.incident_states import INCIDENT_OPEN

UNIT_FIELDS = [
	"name",
	"agency",
	"agency_type",
	"unit_type",
	"status",
	"status_since",
	"current_incident",
	"current_dispatch",
	"latitude",
	"longitude",
	"position_reported_at",
	"kelurahan",
]
INCIDENT_FIELDS = [
	"name",
	"title",
	"incident_type",
	"priority",
	"status",
	"latitude",
	"longitude",
	"kelurahan",
	"reported_at",
	# A drill's incident says LATIHAN on the map, and so do the units sent to it.
	"is_exercise",
]
MAX_OPEN_INCIDENTS = 500


@frappe.whitelist()
def get_board_data() -> dict:
	"""Every active unit the user may see, grouped by agency, and the open incidents for the map."""
	frappe.has_permission("Emergency Unit", "read", throw=True)
	now = now_datetime()
	units = frappe.get_list(
		"Emergency Unit",
		filters={"is_active": 1},
		fields=UNIT_FIELDS,
		order_by="name asc",
		limit_page_length=0,
	)
	agencies = {
		a.name: a
		for a in frappe.get_list(
			"Agency", fields=["name", "abbreviation", "agency_type"], limit_page_length=0
		)
	}
	incidents = incident_rows(units)
	by_name = {i.name: i for i in incidents}
	for unit in units:
		incident = by_name.get(unit.current_incident)
		unit["incident_title"] = incident.title if incident else None
		unit["incident_priority"] = incident.priority if incident else None
		unit["on_exercise"] = bool(incident and incident.is_exercise)
	groups = group_by_agency(units, agencies, now)
	return {
		"now": now,
		"groups": groups,
		"totals": totals(groups),
		"incidents": [i for i in incidents if i.status in INCIDENT_OPEN],
	}


def incident_rows(units: list) -> list:
	"""Open incidents, plus the ones units are still busy with although they have ended."""
	incidents = frappe.get_list(
		"Incident",
		filters={"status": ("in", INCIDENT_OPEN)},
		fields=INCIDENT_FIELDS,
		order_by="priority asc, reported_at asc",
		limit_page_length=MAX_OPEN_INCIDENTS,
	)
	known = {i.name for i in incidents}
	missing = sorted({u.current_incident for u in units if u.current_incident} - known)
	if missing:
		incidents += frappe.get_list(
			"Incident", filters={"name": ("in", missing)}, fields=INCIDENT_FIELDS, limit_page_length=0
		)
	return incidents


@frappe.whitelist()
def area_outlines() -> list[dict]:
	"""The kecamatan boundaries, drawn under the units so that the map is readable without map
	tiles (the tile server is on the internet; the centre's link may be down in a disaster)."""
	frappe.has_permission("Ambon Area", "read", throw=True)
	return [
		{"name": a.name, "area_name": a.area_name, "boundary": frappe.parse_json(a.boundary)}
		for a in frappe.get_all(
			"Ambon Area",
			filters={"level": "Kecamatan", "boundary": ("is", "set")},
			fields=["name", "area_name", "boundary"],
			order_by="name",
		)
	]
