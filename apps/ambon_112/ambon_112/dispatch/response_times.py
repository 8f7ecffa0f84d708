"""Frappe glue of the per-segment response times: collect the timestamps, name the segments."""

import frappe
from frappe import _
from frappe.query_builder.functions import Min

from ambon_112.core.response_times import DISPATCH_MILESTONES, INCIDENT_MILESTONES, elapsed, segments

LABELS = {
	"call_received": "Call received",
	"call_answered": "Call answered",
	"incident_created": "Incident created",
	"first_dispatch": "First dispatch",
	"first_acknowledged": "Acknowledged",
	"first_en_route": "En route",
	"first_on_scene": "On scene",
	"resolved": "Resolved",
	"closed": "Closed",
	"dispatched": "Dispatched",
	"acknowledged": "Acknowledged",
	"en_route": "En route",
	"on_scene": "On scene",
	"cleared": "Cleared",
}


def incident_times(incident) -> dict:
	"""Every milestone of the incident: its first call's from Emergency Call, the rest stamped on it."""
	call = frappe.qb.DocType("Emergency Call")
	received, answered = (
		frappe.qb.from_(call)
		.select(Min(call.received_at), Min(call.answered_at))
		.where(call.incident == incident.name)
	).run()[0]
	return {
		"call_received": received,
		"call_answered": answered,
		"incident_created": incident.creation,
		"first_dispatch": incident.first_dispatch_at,
		"first_acknowledged": incident.first_acknowledged_at,
		"first_en_route": incident.first_en_route_at,
		"first_on_scene": incident.first_on_scene_at,
		"resolved": incident.resolved_at,
		"closed": incident.closed_at,
	}


def dispatch_times(dispatch) -> dict:
	return {name: dispatch.get(f"{name}_at") for name in DISPATCH_MILESTONES}


def report(times: dict, order=INCIDENT_MILESTONES) -> dict:
	since_start = elapsed(times, order)
	return {
		"milestones": [
			{"key": key, "label": _(LABELS[key]), "at": times.get(key), "elapsed_seconds": since_start[key]}
			for key in order
		],
		"segments": [
			{
				"from": s.start,
				"to": s.end,
				"label": _("{0} → {1}").format(_(LABELS[s.start]), _(LABELS[s.end])),
				"seconds": s.seconds,
				"skipped": [_(LABELS[k]) for k in s.skipped],
			}
			for s in segments(times, order)
		],
	}


def incident_report(incident) -> dict:
	return report(incident_times(incident), INCIDENT_MILESTONES)


def dispatch_report(dispatch) -> dict:
	return report(dispatch_times(dispatch), DISPATCH_MILESTONES)
