"""The operator's quick actions on a call: start triage, classify, create or link an incident.

Each action runs in the request's transaction: when any step fails (a permission, a workflow an
admin changed, a wrong triage answer) nothing of it is written.
"""

import frappe
from frappe import _

from ambon_112.core.call_states import CLASSES, EMERGENCY, ESCALATED, IN_TRIAGE, meaning_for_class
from ambon_112.exceptions import CallClassificationError
from ambon_112.intake import call_workflow

CALL = "Emergency Call"
COPIED_LOCATION = ("latitude", "longitude", "location_accuracy_m", "landmark", "kelurahan", "location_text")


def start_triage(call_name: str):
	call = _call(call_name)
	return call_workflow.ensure(call, IN_TRIAGE)


def classify(call_name: str, classification: str):
	"""Classify a call that is not an emergency; an emergency goes through create/link."""
	call = _call(call_name)
	if classification not in CLASSES:
		_refuse(_("{0} is not a call classification.").format(classification))
	if classification == EMERGENCY and not call.incident:
		_refuse(_("An emergency call needs its incident: create one or link an existing one."))
	if classification != EMERGENCY and call.incident:
		_refuse(
			_("This call is linked to incident {0}: remove the link before classifying it as {1}.").format(
				call.incident, _(classification)
			)
		)
	call.classification = classification
	call.save()
	return call_workflow.ensure(call, meaning_for_class(classification, bool(call.incident)))


def create_incident(call_name: str, incident_type: str, title=None, description=None, answers=None):
	"""A new incident from the call (its location and triage answers), the call linked to it."""
	call = _call(call_name)
	frappe.has_permission("Incident", "create", throw=True)
	if call.incident:
		_refuse(_("This call is already linked to incident {0}.").format(call.incident))
	incident = frappe.get_doc(
		{
			"doctype": "Incident",
			"title": title or _default_title(call, incident_type),
			"incident_type": incident_type,
			"reported_at": call.received_at,
			"is_exercise": call.is_exercise,
			"description": description,
			"triage_answers": [
				{"question": q, "answer": a} for q, a in (answers or {}).items() if str(a).strip()
			],
			**{field: call.get(field) for field in COPIED_LOCATION},
		}
	).insert()
	return link_incident(call.name, incident.name), incident


def link_incident(call_name: str, incident: str):
	"""Link the call to an incident (new, or one it duplicates) and escalate it."""
	call = _call(call_name)
	frappe.has_permission("Incident", "read", doc=incident, throw=True)
	call.incident = incident
	call.classification = EMERGENCY
	call.save()
	return call_workflow.ensure(call, ESCALATED)


def _call(name: str):
	call = frappe.get_doc(CALL, name)
	call.check_permission("write")
	return call


def _default_title(call, incident_type: str) -> str:
	place = call.landmark or (
		frappe.db.get_value("Ambon Area", call.kelurahan, "area_name") if call.kelurahan else None
	)
	return f"{_(incident_type)} — {place}" if place else _(incident_type)


def _refuse(message: str):
	frappe.throw(message, CallClassificationError, title=_("Cannot Classify Call"))
