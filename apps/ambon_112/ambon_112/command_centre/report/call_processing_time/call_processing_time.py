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

from ambon_112.command_centre import kpi, report_buckets
from ambon_112.command_centre import report_filters as rf
from ambon_112.core.durations import seconds_between
from ambon_112.core.stats import summarize
from ambon_112.core.targets import NFPA_PROCESSING

GROUPINGS = ("Incident Type", "Priority", "Kecamatan", report_buckets.SHIFT, report_buckets.HOUR)


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
	if grouping in report_buckets.TIME_GROUPINGS:
		# The shift that answered the call did the processing.
		return report_buckets.group(incidents, grouping, lambda i: i.first_answered_at or i.reported_at)

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
	group_label = (
		report_buckets.column_label(grouping)
		if grouping in report_buckets.TIME_GROUPINGS
		else {"Incident Type": _("Incident Type"), "Priority": _("Priority"), "Kecamatan": _("Kecamatan")}[
			grouping
		]
	)
	return [
		{"fieldname": "group", "label": group_label, "fieldtype": "Data", "width": 180},
		{"fieldname": "incidents", "label": _("Incidents"), "fieldtype": "Int", "width": 100},
		{"fieldname": "dispatched", "label": _("Dispatched"), "fieldtype": "Int", "width": 100},
		{"fieldname": "measured", "label": _("Measured"), "fieldtype": "Int", "width": 100},
		*[kpi.within_column(t) for t in NFPA_PROCESSING.thresholds],
		*kpi.percentile_columns(),
		{"fieldname": "nfpa", "label": _("NFPA 1225"), "fieldtype": "Data", "width": 110},
	]


def message() -> str:
	(level,) = NFPA_PROCESSING.levels
	return _(
		"Call processing runs from the first answered call of an incident to its first dispatch. "
		"Target (NFPA 1225): {0}% within {1} s. Incidents without an answered call or a dispatch are "
		"counted but not measured."
	).format(kpi.share_target(level), kpi.whole(level.seconds))


def chart(rows, grouping) -> dict:
	return kpi.bar_chart(
		[report_buckets.chart_label(r["group"], grouping) for r in rows],
		[
			{"name": _("p50 (s)"), "values": [r["p50"] or 0 for r in rows]},
			{"name": _("p90 (s)"), "values": [r["p90"] or 0 for r in rows]},
		],
		kpi.seconds_markers(NFPA_PROCESSING),
		colors=["#5e64ff", "#ff5858"],
	)


def summary(incidents) -> list[dict]:
	measured = [i.processing for i in incidents if i.processing is not None]
	result = summarize(measured, NFPA_PROCESSING.thresholds)
	return [
		kpi.count_tile(_("Incidents Measured"), len(measured)),
		*kpi.level_tiles(_("Dispatched within {0} s"), NFPA_PROCESSING, result),
		kpi.seconds_tile(_("p50 Processing (s)"), result.p(50)),
		kpi.seconds_tile(_("p90 Processing (s)"), result.p(90)),
		kpi.standard_tile(NFPA_PROCESSING, result),
	]
