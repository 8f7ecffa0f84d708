"""The Incident workflow as first seeded: states, their meanings and who may move them.

After the first install it belongs to the admins (Workflow "Incident" in the desk): they
rename states and actions, add transitions or change roles, and the code keeps working
because it only ever asks for a state's *meaning* (``Incident.status``).
"""

from ambon_112.core.incident_states import INCIDENT_EXITS, INCIDENT_PROGRESS
from ambon_112.roles import AGENCY_STAFF, OPERATOR, SUPERVISOR

WORKFLOW_NAME = "Incident"

DESK = (OPERATOR, SUPERVISOR)

STYLES = {
	"New": "Danger",
	"Triaged": "Warning",
	"Dispatched": "Primary",
	"On Scene": "Info",
	"Resolved": "Success",
	"Closed": "Inverse",
	"Cancelled": "Inverse",
	"Duplicate": "Inverse",
	"False Alarm": "Inverse",
}

# (from states, action, to state, roles, condition). One Workflow Transition row per role.
TRANSITIONS = (
	(("New",), "Triage", "Triaged", DESK, None),
	(("New", "Triaged"), "Dispatch", "Dispatched", DESK, None),
	# A crew reporting its arrival through the agency portal moves the incident too.
	(("Dispatched",), "Arrive", "On Scene", (*DESK, AGENCY_STAFF), None),
	(("Triaged", "Dispatched", "On Scene"), "Resolve", "Resolved", DESK, None),
	(("Resolved",), "Close", "Closed", (SUPERVISOR,), None),
	(("Resolved",), "Reopen", "Triaged", (SUPERVISOR,), None),
	(("New", "Triaged"), "Cancel", "Cancelled", DESK, None),
	# Calling units back from a running incident is the supervisor's decision.
	(("Dispatched", "On Scene"), "Cancel", "Cancelled", (SUPERVISOR,), None),
	(("New", "Triaged", "Dispatched"), "Mark Duplicate", "Duplicate", DESK, "doc.duplicate_of"),
	(("New", "Triaged", "Dispatched", "On Scene"), "Mark False Alarm", "False Alarm", DESK, None),
)


def edit_roles(meaning: str) -> tuple[str, ...]:
	# Finished incidents are corrected by supervisors only.
	return DESK if meaning not in ("Closed", *INCIDENT_EXITS) else (SUPERVISOR,)


def spec() -> dict:
	"""The spec for workflows.seed_workflow; every state is named after its meaning at first."""
	meanings = (*INCIDENT_PROGRESS, *INCIDENT_EXITS)
	return {
		"workflow_name": WORKFLOW_NAME,
		"document_type": "Incident",
		"meaning_field": "status",
		"states": [
			{"state": meaning, "meaning": meaning, "allow_edit": role, "style": STYLES[meaning]}
			for meaning in meanings
			for role in edit_roles(meaning)
		],
		"transitions": [
			{"state": state, "action": action, "next_state": to, "allowed": role, "condition": condition}
			for states, action, to, roles, condition in TRANSITIONS
			for state in states
			for role in roles
		],
	}
