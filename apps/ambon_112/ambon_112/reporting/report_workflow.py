"""The monthly report's workflow as first seeded; admins own it afterwards (workflows.seed_workflow)."""

from ambon_112.roles import ADMINISTRATOR, SUPERVISOR

WORKFLOW_NAME = "Monthly Service Report"
STYLES = {"Draft": "Warning", "Checked": "Primary", "Sent": "Success"}
# The head of the centre (a supervisor) checks the draft before it goes to the mayor.
TRANSITIONS = (
	("Draft", "Check", "Checked", (SUPERVISOR,)),
	("Checked", "Return to Draft", "Draft", (SUPERVISOR, ADMINISTRATOR)),
	("Checked", "Send", "Sent", (SUPERVISOR, ADMINISTRATOR)),
)


def spec() -> dict:
	return {
		"workflow_name": WORKFLOW_NAME,
		"document_type": "Monthly Service Report",
		"meaning_field": "status",
		"states": [
			{"state": state, "meaning": state, "allow_edit": role, "style": STYLES[state]}
			for state in STYLES
			for role in (SUPERVISOR, ADMINISTRATOR)
		],
		"transitions": [
			{"state": a, "action": action, "next_state": b, "allowed": role}
			for a, action, b, roles in TRANSITIONS
			for role in roles
		],
	}
