"""The call-taker's endpoints, used by the Emergency Call form and the incoming-call pop-up."""

import frappe
from frappe import _
from frappe.utils import cint

from ambon_112.intake import call_actions, duplicates, on_duty, ringing
from ambon_112.intake import caller_history as callers
from ambon_112.intake import triage_questions as questions

CALL = "Emergency Call"


@frappe.whitelist(methods=["POST"])
def start_triage(call: str) -> dict:
	return _summary(call_actions.start_triage(call))


@frappe.whitelist(methods=["POST"])
def classify(call: str, classification: str) -> dict:
	"""Quick action: information request, prank, ghost/silent, dropped, wrong number, test."""
	return _summary(call_actions.classify(call, classification))


@frappe.whitelist(methods=["POST"])
def create_incident(call: str, incident_type: str, title=None, description=None, answers=None) -> dict:
	"""A new incident from the call, triaged with ``answers`` ({question: answer}), the call linked."""
	doc, incident = call_actions.create_incident(
		call, incident_type, title, description, frappe.parse_json(answers) if answers else None
	)
	return {**_summary(doc), "priority": incident.priority, "triage_reasons": incident.triage_reasons}


@frappe.whitelist(methods=["POST"])
def link_incident(call: str, incident: str) -> dict:
	"""Link the call to an existing incident (a duplicate report) instead of creating one."""
	return _summary(call_actions.link_incident(call, incident))


@frappe.whitelist()
def caller_history(call: str) -> dict:
	"""The caller's history; only for roles that may read the caller's number (UU 27/2022)."""
	doc = frappe.get_doc(CALL, call)
	doc.check_permission("read")
	if 1 not in frappe.get_meta(CALL).get_permlevel_access("read"):
		frappe.throw(_("You may not see callers' personal data."), frappe.PermissionError)
	return {
		"history": callers.history(doc.caller_number_normalized, exclude=doc.name),
		"flags": callers.flags_for(doc.caller_number_normalized, exclude=doc.name),
	}


@frappe.whitelist()
def duplicate_candidates(call=None, incident_type=None, latitude=None, longitude=None, kelurahan=None):
	"""Open incidents of the same or a related type near the call, best first."""
	frappe.has_permission(CALL, "write", throw=True)
	if call:
		doc = frappe.get_doc(CALL, call)
		doc.check_permission("read")
		latitude = latitude if latitude is not None else doc.latitude
		longitude = longitude if longitude is not None else doc.longitude
		kelurahan = kelurahan or doc.kelurahan
	return duplicates.candidates(incident_type, latitude, longitude, kelurahan)


@frappe.whitelist()
def triage_questions(incident_type: str) -> list:
	frappe.has_permission("Triage Question", "read", throw=True)
	return questions.questions_for(incident_type)


@frappe.whitelist()
def triage_preview(incident_type: str, answers=None) -> dict:
	frappe.has_permission("Triage Question", "read", throw=True)
	return questions.preview(incident_type, frappe.parse_json(answers) if answers else {})


@frappe.whitelist(methods=["GET"])
def ringing_calls(calls=1) -> dict:
	"""Whether realtime works and (unless ``calls`` is 0: the desk only checks realtime) the pop-ups
	this desk should show, for when realtime cannot bring them (incoming_call.js asks); only for roles
	that may read the caller's number (UU 27/2022)."""
	frappe.has_permission(CALL, "read", throw=True)
	if 1 not in frappe.get_meta(CALL).get_permlevel_access("read"):
		frappe.throw(_("You may not see callers' personal data."), frappe.PermissionError)
	popups = ringing.popups_for(frappe.session.user) if cint(calls) else []
	return {"calls": popups, "realtime": ringing.realtime_reachable()}


@frappe.whitelist(methods=["POST"])
def start_duty(position: str) -> dict:
	doc = on_duty.start_duty(position, frappe.session.user)
	return {"position": doc.name, "on_duty_since": doc.on_duty_since}


@frappe.whitelist(methods=["POST"])
def end_duty() -> list:
	return on_duty.end_duty(frappe.session.user)


def _summary(call) -> dict:
	return {
		"call": call.name,
		"classification": call.classification,
		"incident": call.incident,
		"triage_status": call.triage_status,
		"workflow_state": call.workflow_state,
	}
