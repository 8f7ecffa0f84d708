"""What the "112 Ambon" workspace shows: chart data and number-card values.

Every figure is read through ``frappe.get_list`` (the user's permissions apply) and leaves
drills out. Charts are computed on each request, never through Frappe's ``cache_source``:
that cache is keyed by chart only, so it would show one user's view to another and a
24-hour chart frozen at the moment someone first opened it.
"""

from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import get_timespan_date_range, getdate, now_datetime

from ambon_112.command_centre import report_filters as rf
from ambon_112.core.buckets import last_hours
from ambon_112.core.call_states import CLASSES, UNCLASSIFIED
from ambon_112.core.stats import share_within

# The order classes are stacked in: emergencies at the bottom, where the eye starts.
CLASS_ORDER = (*CLASSES, UNCLASSIFIED)


def timespan_period(timespan: str) -> rf.Period:
	start, end = get_timespan_date_range(timespan)
	return rf.Period(getdate(start), getdate(end))


def calls_per_hour(now=None) -> dict:
	"""Calls in each of the last 24 WIT hours (the current one included), stacked by class."""
	hours = last_hours(now or now_datetime(), 24)
	calls = frappe.get_list(
		"Emergency Call",
		filters=[
			["received_at", ">=", hours[0]],
			["received_at", "<", hours[-1] + timedelta(hours=1)],
			["is_exercise", "=", 0],
		],
		fields=["received_at", "classification"],
		limit_page_length=0,
		order_by="received_at asc",
	)
	index = {hour: i for i, hour in enumerate(hours)}
	counts = {}
	for call in calls:
		slot = index[call.received_at.replace(minute=0, second=0, microsecond=0)]
		counts.setdefault(call.classification or UNCLASSIFIED, [0] * len(hours))[slot] += 1
	classes = [c for c in CLASS_ORDER if c in counts] + sorted(c for c in counts if c not in CLASS_ORDER)
	return {
		"labels": [f"{hour:%H}:00" for hour in hours],
		"datasets": [{"name": _(c), "values": counts[c]} for c in classes],
	}


def calls_by_class(period: rf.Period) -> dict:
	rows = frappe.get_list(
		"Emergency Call",
		filters=[*period.filters("received_at"), ["is_exercise", "=", 0]],
		fields=["classification", "count(name) as calls"],
		group_by="classification",
		order_by="calls desc",
		limit_page_length=0,
	)
	classes = [r.classification or UNCLASSIFIED for r in rows]
	return {
		"labels": [_(c) for c in classes],
		"datasets": [{"name": _("Calls"), "values": [r.calls for r in rows]}],
	}


def incidents_by_type(period: rf.Period) -> dict:
	rows = frappe.get_list(
		"Incident",
		filters=[*period.filters("reported_at"), ["is_exercise", "=", 0]],
		fields=["incident_type", "count(name) as incidents"],
		group_by="incident_type",
		order_by="incidents desc, incident_type asc",
		limit_page_length=0,
	)
	return {
		"labels": [_(r.incident_type) for r in rows],
		"datasets": [{"name": _("Incidents"), "values": [r.incidents for r in rows]}],
	}


def incidents_by_kecamatan(period: rf.Period) -> dict:
	"""Every kecamatan, even one without incidents, so the bars keep their place from day to day."""
	rows = frappe.get_list(
		"Incident",
		filters=[*period.filters("reported_at"), ["is_exercise", "=", 0]],
		fields=["kecamatan", "count(name) as incidents"],
		group_by="kecamatan",
		limit_page_length=0,
		order_by="kecamatan asc",
	)
	counts = {r.kecamatan or "": r.incidents for r in rows}
	names = rf.area_names()
	kecamatan = frappe.get_all("Ambon Area", filters={"level": "Kecamatan"}, pluck="name", order_by="name")
	keys = kecamatan + ([""] if counts.get("") else [])
	return {
		"labels": [names.get(k, k) if k else _("No Kelurahan") for k in keys],
		"datasets": [{"name": _("Incidents"), "values": [counts.get(k, 0) for k in keys]}],
	}


def answered_within_today(threshold: float, channel: str = "Voice") -> float | None:
	"""The share (0..1) of today's answered calls that were answered within ``threshold`` seconds."""
	today = rf.Period(getdate(), getdate())
	calls = frappe.get_list(
		"Emergency Call",
		filters=[*today.filters("received_at"), ["is_exercise", "=", 0], ["channel", "=", channel]],
		fields=["answered_at", "answer_delay_seconds"],
		limit_page_length=0,
	)
	return share_within([c.answer_delay_seconds or 0 for c in calls if c.answered_at], threshold)
