# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt
"""Incidents per kecamatan and kelurahan, by priority and by type group, with a map.

Rows are the five kecamatan, each followed by its villages that had incidents; incidents
without a village (no location, or outside the city) get their own row. The map above the
table (incidents_by_area.js) shades every village by the same counts, fetched from
``ambon_112.api.reports.incident_map``.
"""

import re

import frappe
from frappe import _

from ambon_112.command_centre import kpi
from ambon_112.command_centre import report_filters as rf
from ambon_112.core.display import priority_colour

NO_AREA = ""


def execute(filters=None):
	filters = rf.parse(filters)
	incidents = load_incidents(filters)
	type_groups = _type_columns(incidents)
	names = rf.area_names()
	kecamatan_of = rf.kecamatan_of()
	by_kecamatan = {}
	for incident in incidents:
		kecamatan = incident.kecamatan or kecamatan_of.get(incident.kelurahan) or NO_AREA
		by_kecamatan.setdefault(kecamatan, {}).setdefault(incident.kelurahan or NO_AREA, []).append(incident)

	rows = []
	for kecamatan in _ordered_kecamatan(kecamatan_of, by_kecamatan):
		villages = by_kecamatan.get(kecamatan, {})
		members = [i for group in villages.values() for i in group]
		rows.append(make_row(kecamatan, names, members, type_groups, indent=0))
		for village in sorted(villages, key=lambda v: (v == NO_AREA, names.get(v, v))):
			if village != kecamatan:
				rows.append(
					make_row(village, names, villages[village], type_groups, indent=1, parent=kecamatan)
				)
	total = make_row(None, names, incidents, type_groups, indent=0)
	total.update(area=_("Total"), bold=1)
	return columns(type_groups), [*rows, total], None, chart(rows), summary(incidents)


def load_incidents(filters) -> list:
	period = rf.period(filters)
	incidents = frappe.get_list(
		"Incident",
		filters=[*period.filters("reported_at"), *rf.incident_filters(filters)],
		fields=[
			"name",
			"kelurahan",
			"kecamatan",
			"priority",
			"incident_type",
			"casualties_dead",
			"casualties_injured",
		],
		order_by="reported_at asc",
		limit_page_length=0,
		distinct=True,
	)
	roots = rf.incident_type_roots()
	for incident in incidents:
		incident.type_group = roots.get(incident.incident_type, incident.incident_type)
	return incidents


def counts_by_village(filters) -> dict[str, int]:
	"""Incidents per village code, as the report counts them (for the map)."""
	counts = {}
	for incident in load_incidents(rf.parse(filters)):
		if incident.kelurahan:
			counts[incident.kelurahan] = counts.get(incident.kelurahan, 0) + 1
	return counts


def _ordered_kecamatan(kecamatan_of, by_kecamatan) -> list[str]:
	every = sorted(set(kecamatan_of.values()))
	extra = sorted(k for k in by_kecamatan if k not in every and k != NO_AREA)
	return [*every, *extra, *([NO_AREA] if NO_AREA in by_kecamatan else [])]


def _type_columns(incidents) -> list[str]:
	"""Top-level incident type groups present, the most frequent first."""
	counts = {}
	for incident in incidents:
		counts[incident.type_group] = counts.get(incident.type_group, 0) + 1
	return sorted(counts, key=lambda t: (-counts[t], t))


def type_fieldname(type_group: str) -> str:
	return "type_" + re.sub(r"[^a-z0-9]+", "_", (type_group or "").lower()).strip("_")


def make_row(code, names, incidents, type_groups, indent=0, parent=None) -> dict:
	if code is None:
		label = None
	elif code == NO_AREA:
		label = _("No Kelurahan (no location or outside Kota Ambon)")
	else:
		label = names.get(code, code)
	row = {
		"area": label,
		"area_code": code,
		"parent_area": parent,
		"indent": indent,
		"incidents": len(incidents),
		"dead": sum(i.casualties_dead or 0 for i in incidents),
		"injured": sum(i.casualties_injured or 0 for i in incidents),
		"bold": int(indent == 0),
	}
	for priority in rf.PRIORITIES:
		row[priority.lower()] = sum(1 for i in incidents if i.priority == priority)
	for type_group in type_groups:
		row[type_fieldname(type_group)] = sum(1 for i in incidents if i.type_group == type_group)
	return row


def columns(type_groups) -> list[dict]:
	return [
		{"fieldname": "area", "label": _("Kecamatan / Kelurahan"), "fieldtype": "Data", "width": 260},
		{"fieldname": "area_code", "label": _("Area Code"), "fieldtype": "Data", "width": 120},
		{"fieldname": "incidents", "label": _("Incidents"), "fieldtype": "Int", "width": 90},
		*[{"fieldname": p.lower(), "label": p, "fieldtype": "Int", "width": 60} for p in rf.PRIORITIES],
		{"fieldname": "dead", "label": _("Dead"), "fieldtype": "Int", "width": 70},
		{"fieldname": "injured", "label": _("Injured"), "fieldtype": "Int", "width": 80},
		*[
			{"fieldname": type_fieldname(t), "label": _(t), "fieldtype": "Int", "width": 120}
			for t in type_groups
		],
	]


def chart(rows) -> dict:
	kecamatan = [r for r in rows if r["indent"] == 0]
	return kpi.bar_chart(
		[r["area"] for r in kecamatan],
		[{"name": p, "values": [r[p.lower()] for r in kecamatan]} for p in rf.PRIORITIES],
		stacked=True,
		colors=[priority_colour(p).hex for p in rf.PRIORITIES],
	)


def summary(incidents) -> list[dict]:
	return [
		kpi.count_tile(_("Incidents"), len(incidents)),
		kpi.count_tile(_("P1 Incidents"), sum(1 for i in incidents if i.priority == rf.PRIORITIES[0]), "Red"),
		kpi.count_tile(_("Dead"), sum(i.casualties_dead or 0 for i in incidents), "Gray"),
	]
