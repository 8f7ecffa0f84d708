"""Editable defaults of dispatching: the Incident workflow (its settings: ambon_112/settings.py).

Created when missing, never overwritten: after the first install they belong to the admins.
"""

import frappe
from frappe.query_builder.functions import IfNull

from ambon_112.dispatch import incident_workflow_spec
from ambon_112.workflows import seed_workflow


def seed_dispatch_defaults():
	seed_incident_workflow()


def seed_incident_workflow() -> bool:
	if frappe.db.exists("Workflow", {"document_type": "Incident"}):
		return False
	# Incidents recorded before the workflow existed keep their status: their state is the state
	# named after it (Frappe would otherwise put every one of them back to the first state).
	incident = frappe.qb.DocType("Incident")
	(
		frappe.qb.update(incident)
		.set(incident.workflow_state, incident.status)
		.where(IfNull(incident.workflow_state, "") == "")
	).run()
	return seed_workflow(incident_workflow_spec.spec())
