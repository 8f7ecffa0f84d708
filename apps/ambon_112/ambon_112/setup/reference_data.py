"""Load Ambon's reference data from the repository's fixtures/ folder.

Records are inserted when missing and never overwritten: after the first load they belong
to the admins, who may edit an agency's contacts or an incident type's priority in the desk.
"""

import json
from pathlib import Path

import frappe
from frappe import _

from ambon_112.core.area_data import area_records

AREAS_FILE = "ambon_areas.geojson"


def fixtures_path(path: str | None = None) -> Path:
	"""The fixtures folder: the one given, else the repository's (apps/ambon_112 lives two levels down)."""
	if path:
		folder = Path(path)
	else:
		app_root = Path(frappe.get_app_path("ambon_112")).resolve()
		folder = next(
			(p / "fixtures" for p in app_root.parents if (p / "fixtures" / AREAS_FILE).exists()), None
		)
	if not folder or not (folder / AREAS_FILE).exists():
		frappe.throw(_("Fixtures folder with {0} not found; pass its path.").format(AREAS_FILE))
	return folder


def load_reference_data(path: str | None = None) -> dict:
	"""Insert every missing reference record; returns how many of each were inserted."""
	folder = fixtures_path(path)

	def read(name):
		return json.loads((folder / name).read_text(encoding="utf-8"))

	counts = {
		"Ambon Area": load_areas(read(AREAS_FILE)),
		"Agency Type": _insert_missing("Agency Type", "agency_type_name", read("agency_types.json")),
		"Unit Capability": _insert_missing(
			"Unit Capability", "capability_name", read("unit_capabilities.json")
		),
		"Incident Type": load_incident_types(read("incident_types.json")),
		"Emergency Unit Type": load_unit_types(read("unit_types.json")),
		"Agency": load_agencies(read("agencies.json")),
	}
	return counts


def load_areas(collection: dict) -> int:
	inserted = 0
	for record in area_records(collection):
		if frappe.db.exists("Ambon Area", record["area_code"]):
			continue
		frappe.get_doc({"doctype": "Ambon Area", **record}).insert(ignore_permissions=True)
		inserted += 1
	return inserted


def load_incident_types(types: list[dict]) -> int:
	rows = [
		{
			**t,
			"agency_types": [{"agency_type": a} for a in t["agency_types"]],
			"capabilities": [{"capability": c} for c in t["capabilities"]],
		}
		for t in types
	]
	return _insert_missing("Incident Type", "incident_type_name", rows)


def load_unit_types(types: list[dict]) -> int:
	rows = [{**t, "capabilities": [{"capability": c} for c in t["capabilities"]]} for t in types]
	return _insert_missing("Emergency Unit Type", "unit_type_name", rows)


def load_agencies(agencies: list[dict]) -> int:
	return _insert_missing("Agency", "agency_name", agencies)


def _insert_missing(doctype: str, name_field: str, rows: list[dict]) -> int:
	inserted = 0
	for row in rows:
		if frappe.db.exists(doctype, row[name_field]):
			continue
		frappe.get_doc({"doctype": doctype, **row}).insert(ignore_permissions=True)
		inserted += 1
	return inserted
