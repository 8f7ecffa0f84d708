"""Workflows that admins own, and the meanings the code relies on.

Admins rename states and actions, add transitions and change roles in the desk. The code never
names a state: every state of our workflows writes a fixed *meaning* into the document's
meaning field (e.g. Incident.status) through the Workflow's ``update_field``/``update_value``,
and the code asks for meanings. Moving a document is done with Frappe's own
``apply_workflow``, choosing the transition by the meaning of its next state.
"""

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow, get_transitions, get_workflow_name


class NoTransitionError(frappe.ValidationError):
	pass


def seed_workflow(spec: dict) -> bool:
	"""Create the workflow of ``spec`` unless the DocType already has one; True when created.

	``spec``: workflow_name, document_type, meaning_field, states (state, meaning, allow_edit,
	style) and transitions (state, action, next_state, allowed, condition). Once created it
	belongs to the admins: later migrations never touch it.
	"""
	if get_workflow_name(spec["document_type"]) or frappe.db.exists("Workflow", spec["workflow_name"]):
		return False
	for state in spec["states"]:
		if not frappe.db.exists("Workflow State", state["state"]):
			frappe.get_doc(
				{
					"doctype": "Workflow State",
					"workflow_state_name": state["state"],
					"style": state.get("style", ""),
				}
			).insert(ignore_permissions=True)
	for transition in spec["transitions"]:
		if not frappe.db.exists("Workflow Action Master", transition["action"]):
			frappe.get_doc(
				{"doctype": "Workflow Action Master", "workflow_action_name": transition["action"]}
			).insert(ignore_permissions=True)
	frappe.get_doc(
		{
			"doctype": "Workflow",
			"workflow_name": spec["workflow_name"],
			"document_type": spec["document_type"],
			"workflow_state_field": "workflow_state",
			"is_active": 1,
			"send_email_alert": 0,
			"states": [
				{
					"state": s["state"],
					"doc_status": "0",
					"allow_edit": s["allow_edit"],
					"update_field": spec["meaning_field"],
					"update_value": s["meaning"],
				}
				for s in spec["states"]
			],
			"transitions": [
				{
					"state": t["state"],
					"action": t["action"],
					"next_state": t["next_state"],
					"allowed": t["allowed"],
					"allow_self_approval": 1,
					"condition": t.get("condition"),
				}
				for t in spec["transitions"]
			],
		}
	).insert(ignore_permissions=True)
	return True


def _workflow(doctype: str):
	name = get_workflow_name(doctype)
	return frappe.get_cached_doc("Workflow", name) if name else None


def meaning_of(doctype: str, state: str | None) -> str | None:
	"""The meaning an admin-named state stands for."""
	workflow = _workflow(doctype)
	if not workflow or not state:
		return None
	return next((s.update_value for s in workflow.states if s.state == state and s.update_field), None)


def states_meaning(doctype: str, meaning: str) -> list[str]:
	"""Every state (by its current, admin-chosen name) that stands for ``meaning``."""
	workflow = _workflow(doctype)
	return [s.state for s in workflow.states if s.update_value == meaning] if workflow else []


def sync_meaning(doc, meaning_field: str = "status"):
	"""Keep the meaning field equal to the meaning of the current state (also for a new document)."""
	workflow = _workflow(doc.doctype)
	if not workflow:
		return
	state = doc.get(workflow.workflow_state_field) or workflow.states[0].state
	meaning = meaning_of(doc.doctype, state)
	if meaning:
		doc.set(meaning_field, meaning)


def available_meanings(doc) -> list[str]:
	"""Meanings the session user can move ``doc`` to right now."""
	return [meaning_of(doc.doctype, t.next_state) for t in get_transitions(doc)]


def move_to(doc, meaning: str):
	"""Apply the workflow transition that leads ``doc`` to a state meaning ``meaning``."""
	for transition in get_transitions(doc):
		if meaning_of(doc.doctype, transition.next_state) == meaning:
			return apply_workflow(doc, transition.action)
	frappe.throw(
		_("{0} {1} cannot move to {2} from state {3} (no workflow transition allowed for you).").format(
			_(doc.doctype), doc.name, _(meaning), _(doc.get("workflow_state") or "-")
		),
		NoTransitionError,
		title=_("Not Allowed"),
	)
