"""Editable defaults of dispatching: the Incident workflow and the recommendation settings.

Created when missing, never overwritten: after the first install they belong to the admins.
"""

import frappe

from ambon_112.dispatch import incident_workflow
from ambon_112.workflows import seed_workflow

RECOMMENDATION_DEFAULTS = {
	"road_factor": 1.4,
	"average_speed_kmh": 40,
	"stale_position_minutes": 15,
	"stale_position_penalty_minutes": 5,
	"recommendations_per_agency_type": 5,
}


def seed_dispatch_defaults():
	seed_incident_workflow()
	seed_recommendation_settings()


def seed_incident_workflow() -> bool:
	if frappe.db.exists("Workflow", {"document_type": "Incident"}):
		return False
	# Incidents recorded before the workflow existed keep their status: their state is the state
	# named after it (Frappe would otherwise put every one of them back to the first state).
	frappe.db.sql("update `tabIncident` set workflow_state = status where ifnull(workflow_state, '') = ''")
	return seed_workflow(incident_workflow.spec())


def seed_recommendation_settings():
	"""Fill the recommendation settings an admin has never set (0 is never a valid value)."""
	missing = {
		field: value
		for field, value in RECOMMENDATION_DEFAULTS.items()
		if not frappe.db.get_single_value("Ambon 112 Settings", field)
	}
	for field, value in missing.items():
		frappe.db.set_single_value("Ambon 112 Settings", field, value)
