"""Endpoints the command-centre reports call besides ``frappe.desk.query_report.run``."""

import frappe
from frappe.desk.query_report import get_report_doc

from ambon_112.command_centre.report.incidents_by_area.incidents_by_area import counts_by_village
from ambon_112.location import village_areas

INCIDENTS_BY_AREA = "Incidents by Area"


@frappe.whitelist()
def incident_map(filters=None) -> dict:
	"""Every village of Kota Ambon as GeoJSON, with the report's incident count for the given filters.

	The same access rules as the report itself: its roles and report permission on Incident.
	"""
	get_report_doc(INCIDENTS_BY_AREA)
	counts = counts_by_village(filters)
	features = [
		{
			"type": "Feature",
			"properties": {"code": area.code, "name": area.name, "incidents": counts.get(area.code, 0)},
			"geometry": _geometry(area.geometry),
		}
		for area in village_areas()
	]
	return {"type": "FeatureCollection", "features": features, "incidents": sum(counts.values())}


def _geometry(stored: dict) -> dict | None:
	"""Ambon Area.boundary holds a FeatureCollection with one feature; the map wants its geometry."""
	if stored.get("type") == "FeatureCollection":
		features = stored.get("features") or []
		return features[0].get("geometry") if features else None
	return stored.get("geometry") if stored.get("type") == "Feature" else stored
