"""Editable defaults of the command centre, seeded on install and migrate, never overwritten."""

import frappe
from frappe.custom.doctype.property_setter.property_setter import make_property_setter

from ambon_112.command_centre.kanban import seed_incident_kanban

INCIDENT_PRINT_FORMAT = "Incident Report"


def seed_command_centre_defaults():
	seed_incident_kanban()
	seed_incident_print_format()


def seed_incident_print_format() -> bool:
	"""Print incidents with the incident report unless an admin already chose a default (Customize Form)."""
	if frappe.db.exists("Property Setter", {"doc_type": "Incident", "property": "default_print_format"}):
		return False
	if frappe.get_meta("Incident").default_print_format:
		return False
	make_property_setter(
		"Incident", None, "default_print_format", INCIDENT_PRINT_FORMAT, "Data", for_doctype=True
	)
	return True
