# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt
"""Call processing against NFPA 1225: from the first answered call of an incident to its first dispatch.

An incident is *measured* when one of its calls was answered and a unit or agency was
dispatched; the clock starts at the earliest answer among its calls (a first call that rang
out starts nothing) and stops at ``Incident.first_dispatch_at``. Incidents never dispatched,
or recorded without an answered call (walk-ins), are counted but not measured.
"""

import frappe
from frappe import _

from ambon_112.command_centre import kpi
from ambon_112.command_centre import report_filters as rf
from ambon_112.core.buckets import SHIFTS, hour_of_day, shift_of
from ambon_112.core.stats import summarize
from ambon_112.core.targets import NFPA_PROCESSING
from ambon_112.core.timing import seconds_between

GROUPINGS = ("Incident Type", "Priority", "Kecamatan", "Shift", "Hour of Day")


def execute(filters=None):
	filters = rf.parse(filters)
	period = rf.period(filters)
	grouping = rf.choice(filters, "group_by", GROUPINGS, GROUPINGS[0])
	incidents = load_incidents(filters, period)
	groups = group(incidents, grouping)
	rows = [make_row(label, members) for label, members in groups]
	total = make_row(_("Total"), incidents, bold=1)
	return columns(grouping), [*rows, total], message(), chart(rows, grouping), summary(incidents)


def load_incidents(filters, period) -> list:
	incidents = frappe.get_list(
		"Incident",
		filters=[*period.filters("reported_at"), *rf.incident_filters(filters)],
		fields=["name", "incident_type", "priority", "kecamatan", "reported_at", "first_dispatch_at"],
		order_by="reported_at asc",
		limit_page_length=0,
		distinct=True,
	)
	answers = rf.first_answers(i.name for i in incidents)
	for incident in incidents:
		incident.first_answered_at = answers.get(incident.name)
		incident.processing = seconds_between(incident.first_answered_at, incident.first_dispatch_at)
	return incidents


def group(incidents, grouping) -> list[tuple[str, list]]:
	"""(label, incidents) per group, in a stable, readable order."""
	if grouping in ("Shift", "Hour of Day"):
		buckets = (
			[(s.key, _("Shift {0} WIT").format(s.label)) for s in SHIFTS]
			if grouping == "Shift"
			else [(h, f"{h:02d}:00–{h:02d}:59") for h in range(24)]
		)
		key_of = (lambda m: shift_of(m).key) if grouping == "Shift" else hour_of_day
		members = {key: [] for key, _label in buckets}
		for incident in incidents:
			# The shift that answered the call did the processing.
			members[key_of(incident.first_answered_at or incident.reported_at)].append(incident)
		return [(label, members[key]) for key, label in buckets]

	field = {"Incident Type": "incident_type", "Priority": "priority", "Kecamatan": "kecamatan"}[grouping]
	names = rf.area_names() if grouping == "Kecamatan" else {}
	members = {}
	for incident in incidents:
		members.setdefault(incident.get(field) or "", []).append(incident)
	ordered = sorted(members, key=lambda k: (k == "", k))
	return [(_label(key, grouping, names), members[key]) for key in ordered]


def _label(key, grouping, area_names) -> str:
	if not key:
		return _("Not Set")
	if grouping == "Kecamatan":
		return area_names.get(key, key)
	return _(key) if grouping == "Incident Type" else key


def make_row(label, incidents, bold=0) -> dict:
	measured = [i.processing for i in incidents if i.processing is not None]
	result = summarize(measured, NFPA_PROCESSING.thresholds)
	met = NFPA_PROCESSING.met(result)
	return {
		"group": label,
		"incidents": len(incidents),
		"dispatched": sum(1 for i in incidents if i.first_dispatch_at),
		"measured": len(measured),
		**kpi.summary_fields(result),
		"nfpa": kpi.verdict(met),
		"nfpa_met": met,
		"bold": bold,
	}


def columns(grouping) -> list[dict]:
	group_label = {
		"Incident Type": _("Incident Type"),
		"Priority": _("Priority"),
		"Kecamatan": _("Kecamatan"),
		"Shift": _("Shift"),
		"Hour of Day": _("Hour (WIT)"),
	}[grouping]
	return [
		{"fieldname": "group", "label": group_label, "fieldtype": "Data", "width": 180},
		{"fieldname": "incidents", "label": _("Incidents"), "fieldtype": "Int", "width": 100},
		{"fieldname": "dispatched", "label": _("Dispatched"), "fieldtype": "Int", "width": 100},
		{"fieldname": "measured", "label": _("Measured"), "fieldtype": "Int", "width": 100},
		kpi.within_column(60),
		*kpi.percentile_columns(),
		{"fieldname": "nfpa", "label": _("NFPA 1225"), "fieldtype": "Data", "width": 110},
	]


def message() -> str:
	return _(
		"Call processing runs from the first answered call of an incident to its first dispatch. "
		"Target (NFPA 1225): 90% within 60 s. Incidents without an answered call or a dispatch are "
		"counted but not measured."
	)


def chart(rows, grouping) -> dict:
	short = grouping == "Hour of Day"  # "07", not "07:00–07:59": 24 full labels do not fit under the bars
	return {
		"data": {
			"labels": [r["group"][:2] if short else r["group"] for r in rows],
			"datasets": [
				{"name": _("p50 (s)"), "values": [r["p50"] or 0 for r in rows]},
				{"name": _("p90 (s)"), "values": [r["p90"] or 0 for r in rows]},
			],
			"yMarkers": [{"label": _("60 s target"), "value": 60, "options": {"labelPos": "left"}}],
		},
		"type": "bar",
		"colors": ["#5e64ff", "#ff5858"],
	}


def summary(incidents) -> list[dict]:
	measured = [i.processing for i in incidents if i.processing is not None]
	result = summarize(measured, NFPA_PROCESSING.thresholds)
	return [
		{"value": len(measured), "label": _("Incidents Measured"), "datatype": "Int", "indicator": "Blue"},
		kpi.share_tile(_("Dispatched within 60 s"), result.within[60], 0.90),
		kpi.seconds_tile(_("p50 Processing (s)"), result.p(50)),
		kpi.seconds_tile(_("p90 Processing (s)"), result.p(90)),
		kpi.standard_tile(NFPA_PROCESSING, result),
	]
