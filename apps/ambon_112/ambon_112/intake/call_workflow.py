"""The triage workflow of an emergency call: seeded once, then owned by the admins.

States are named in the desk by admins; each writes a fixed meaning (core.call_flow) into
``Emergency Call.triage_status`` and the code only ever asks for meanings.
"""

import frappe
from frappe.model.workflow import get_workflow_name

from ambon_112 import workflows
from ambon_112.core.call_states import CLOSED, EMERGENCY, ESCALATED, IN_TRIAGE, PENDING
from ambon_112.roles import OPERATOR, SUPERVISOR

DOCTYPE = "Emergency Call"
MEANING_FIELD = "triage_status"
CALL_ROLES = (OPERATOR, SUPERVISOR)

_STATES = (
	("Awaiting Triage", PENDING, "Warning"),
	("In Triage", IN_TRIAGE, "Primary"),
	("Escalated", ESCALATED, "Danger"),
	("Classified", CLOSED, "Success"),
)
_NON_EMERGENCY = f"doc.classification and doc.classification != '{EMERGENCY}'"
# A new call has one way on, so that the hot path (every PBX "ringing") weighs little; the quick
# actions pass through "In Triage" on their way (call_workflow.ensure).
_TRANSITIONS = (
	("Awaiting Triage", "Start Triage", "In Triage", None),
	("In Triage", "Escalate", "Escalated", "doc.incident"),
	("In Triage", "Close", "Classified", _NON_EMERGENCY),
	("Classified", "Reopen", "In Triage", None),
	("Escalated", "Reopen", "In Triage", None),
)

WORKFLOW = {
	"workflow_name": "Emergency Call Triage",
	"document_type": DOCTYPE,
	"meaning_field": MEANING_FIELD,
	# One row per state and role: a Workflow state row names one role that may edit in that state.
	"states": [
		{"state": state, "meaning": meaning, "style": style, "allow_edit": role}
		for state, meaning, style in _STATES
		for role in CALL_ROLES
	],
	"transitions": [
		{"state": s, "action": a, "next_state": n, "allowed": role, "condition": c}
		for s, a, n, c in _TRANSITIONS
		for role in CALL_ROLES
	],
}


def seed() -> bool:
	created = workflows.seed_workflow(WORKFLOW)
	if created:
		_without_workflow_action_inbox()
	return created


def _without_workflow_action_inbox():
	"""Calls are worked from their list and the pop-up: a Workflow Action record for every call
	(Frappe's approval inbox) would only be noise, and cost every incoming call four writes."""
	workflow = frappe.get_doc("Workflow", WORKFLOW["workflow_name"])
	for state in workflow.states:
		state.is_optional_state = 1
	workflow.save(ignore_permissions=True)


def sync(doc):
	workflows.sync_meaning(doc, MEANING_FIELD)


def ensure(doc, meaning: str):
	"""Move the (saved) call to a state meaning ``meaning`` unless it is there; returns the call.

	A classified call reopened for escalation passes through triage when the workflow has no
	direct way. Without an active workflow (an admin switched it off) the meaning is simply set.
	"""
	if doc.get(MEANING_FIELD) == meaning:
		return doc
	if not get_workflow_name(DOCTYPE):
		doc.set(MEANING_FIELD, meaning)
		doc.save()
		return doc
	available = workflows.available_meanings(doc)
	if meaning not in available and IN_TRIAGE in available:
		doc = workflows.move_to(doc, IN_TRIAGE)
	return workflows.move_to(doc, meaning)
