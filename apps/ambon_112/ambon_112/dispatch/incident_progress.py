"""How dispatches and incidents move each other, always through the admins' Incident workflow."""

import frappe
from frappe import _

from ambon_112.core.incident_states import (
	DISPATCH_ACTIVE,
	dispatch_status_on_incident_end,
	incident_advance_target,
)
from ambon_112.workflows import available_meanings, move_to


def advance_incident(dispatch) -> str | None:
	"""Move the dispatch's incident forward (first unit sent → Dispatched, first on scene → On Scene).

	The transition is taken only when the Incident workflow offers it to the user who changed
	the dispatch: admins decide, by its roles, whether e.g. a crew's report through the portal
	moves the incident. The incident is saved as a consequence of that permitted dispatch
	change, so the user needs no write permission on the incident itself. Returns the meaning
	reached, or None when the incident stays where it is.
	"""
	incident = frappe.get_doc("Incident", dispatch.incident, for_update=True)  # the latest, not a snapshot
	target = incident_advance_target(incident.status, dispatch.status)
	if not target:
		return None
	incident.flags.ignore_permissions = True
	if target not in available_meanings(incident):
		return None
	move_to(incident, target)
	return target


def release_dispatches(incident) -> list[str]:
	"""An incident that has just ended frees its units: its active dispatches are cleared or cancelled."""
	status = dispatch_status_on_incident_end(incident.status)
	if not status or not incident.has_value_changed("status"):
		return []
	released = []
	for name in frappe.get_all(
		"Dispatch",
		filters={"incident": incident.name, "status": ("in", DISPATCH_ACTIVE)},
		pluck="name",
		order_by="name",
	):
		dispatch = frappe.get_doc("Dispatch", name, for_update=True)
		dispatch.status = status
		if status == "Cancelled" and not dispatch.cancel_reason:
			dispatch.cancel_reason = _("Incident {0} ended: {1}").format(incident.name, _(incident.status))
		dispatch.flags.ignore_permissions = True
		dispatch.save()
		released.append(name)
	return released
