# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt
"""Response segments of each agency: dispatched → acknowledged → en route → on scene, p50/p90.

Rows are agencies, each followed by its incident types. A segment is measured only when the
crew reported both of its ends (a crew may arrive without reporting "en route"); the total
runs from dispatch to arrival. Cancelled dispatches were stood down: they are counted, not
timed. Dispatches are read with ``frappe.get_list``, so an agency user sees only their own
agency's dispatches (permissions.py) and no other agency's times.
"""

import frappe
from frappe import _, _lt

from ambon_112.command_centre import kpi
from ambon_112.command_centre import report_filters as rf
from ambon_112.core.durations import seconds_between
from ambon_112.core.stats import summarize

# (key, from field, to field, label)
SEGMENTS = (
	("ack", "dispatched_at", "acknowledged_at", _lt("Dispatched → Acknowledged")),
	("enroute", "acknowledged_at", "en_route_at", _lt("Acknowledged → En Route")),
	("travel", "en_route_at", "on_scene_at", _lt("En Route → On Scene")),
	("total", "dispatched_at", "on_scene_at", _lt("Dispatched → On Scene")),
)
PERCENTILES = (50, 90)


def execute(filters=None):
	filters = rf.parse(filters)
	period = rf.period(filters)
	dispatches = load_dispatches(filters, period)
	rows = []
	for agency, members in _grouped(dispatches, "agency"):
		rows.append(make_row(agency, members, indent=0, agency=agency))
		for incident_type, typed in _grouped(members, "incident_type"):
			rows.append(make_row(_(incident_type) if incident_type else _("Not Set"), typed, indent=1))
	total = make_row(_("Total"), dispatches, indent=0, bold=1)
	return columns(), [*rows, total], message(), chart(rows), summary(dispatches)


def load_dispatches(filters, period) -> list:
	dispatches = frappe.get_list(
		"Dispatch",
		filters=[*period.filters("dispatched_at"), *rf.dispatch_filters(filters)],
		fields=[
			"name",
			"agency",
			"incident_type",
			"status",
			"dispatched_at",
			"acknowledged_at",
			"en_route_at",
			"on_scene_at",
		],
		order_by="dispatched_at asc",
		limit_page_length=0,
	)
	for dispatch in dispatches:
		timed = dispatch.status != "Cancelled"
		for key, start, end, _label in SEGMENTS:
			dispatch[key] = seconds_between(dispatch[start], dispatch[end]) if timed else None
	return dispatches


def _grouped(dispatches, field) -> list[tuple[str, list]]:
	groups = {}
	for dispatch in dispatches:
		groups.setdefault(dispatch[field] or "", []).append(dispatch)
	return [(key, groups[key]) for key in sorted(groups, key=lambda k: (k == "", k))]


def make_row(label, dispatches, indent=0, bold=0, agency=None) -> dict:
	row = {
		"group": label,
		"agency": agency,
		"indent": indent,
		"dispatches": len(dispatches),
		"cancelled": sum(1 for d in dispatches if d.status == "Cancelled"),
		"bold": bold or (indent == 0 and agency is not None),
	}
	for key, *_fields in SEGMENTS:
		result = summarize((d[key] for d in dispatches), percentiles=PERCENTILES)
		row[f"{key}_count"] = result.count
		row.update(kpi.summary_fields(result, prefix=f"{key}_"))
	return row


def columns() -> list[dict]:
	cols = [
		{"fieldname": "group", "label": _("Agency / Incident Type"), "fieldtype": "Data", "width": 240},
		{"fieldname": "dispatches", "label": _("Dispatches"), "fieldtype": "Int", "width": 100},
		{"fieldname": "cancelled", "label": _("Cancelled"), "fieldtype": "Int", "width": 90},
	]
	for key, _start, _end, label in SEGMENTS:
		cols += kpi.percentile_columns(prefix=f"{key}_", label=str(label), percentiles=PERCENTILES)
	return cols


def message() -> str:
	return _(
		"Each segment is timed only when the crew reported both of its ends; cancelled dispatches are "
		"counted, not timed. Percentiles, not averages: p90 is the time 9 in 10 responses beat."
	)


def chart(rows) -> dict:
	agencies = [r for r in rows if r["agency"]]
	return kpi.bar_chart(
		[r["group"] for r in agencies],
		[
			{
				"name": _("Dispatched → On Scene p50 (min)"),
				"values": [round((r["total_p50"] or 0) / 60, 1) for r in agencies],
			},
			{
				"name": _("Dispatched → On Scene p90 (min)"),
				"values": [round((r["total_p90"] or 0) / 60, 1) for r in agencies],
			},
		],
		colors=["#5e64ff", "#ff5858"],
	)


def summary(dispatches) -> list[dict]:
	total = summarize((d.total for d in dispatches), percentiles=PERCENTILES)
	ack = summarize((d.ack for d in dispatches), percentiles=PERCENTILES)
	return [
		kpi.count_tile(_("Dispatches"), len(dispatches)),
		kpi.seconds_tile(_("p90 Dispatched → Acknowledged (s)"), ack.p(90)),
		kpi.seconds_tile(_("p50 Dispatched → On Scene (s)"), total.p(50)),
		kpi.seconds_tile(_("p90 Dispatched → On Scene (s)"), total.p(90)),
	]
