"""The Kanban board of incidents by status, seeded once for every desk user and then left to the admins."""

import frappe
from frappe.model.workflow import get_workflow_name

from ambon_112.core.kanban import board_columns, status_states
from ambon_112.workflows import meaning_of

BOARD = "Incidents by Status"
CARD_FIELDS = ["priority", "incident_type", "kecamatan"]


def seed_incident_kanban() -> bool:
	"""Create the board unless it exists (whatever an admin did to it since); True when created.

	On a site with an incident workflow the columns are its states (a drag is then a workflow
	transition that Frappe checks against the user's roles); otherwise the status values.
	"""
	if frappe.db.exists("Kanban Board", BOARD):
		return False
	workflow_name = get_workflow_name("Incident")
	if workflow_name:
		workflow = frappe.get_doc("Workflow", workflow_name)
		field = workflow.workflow_state_field
		states = [(s.state, meaning_of("Incident", s.state)) for s in workflow.states]
	else:
		field, states = "status", status_states()
	board = frappe.get_doc(
		{
			"doctype": "Kanban Board",
			"kanban_board_name": BOARD,
			"reference_doctype": "Incident",
			"field_name": field,
			"private": 0,
			"show_labels": 0,
			"fields": frappe.as_json(CARD_FIELDS),
			"filters": frappe.as_json([["Incident", "is_exercise", "=", 0]]),
			"columns": [
				{
					"column_name": column.name,
					"indicator": column.indicator,
					"status": "Archived" if column.archived else "Active",
				}
				for column in board_columns(states)
			],
		}
	)
	board.insert(ignore_permissions=True)
	return True
