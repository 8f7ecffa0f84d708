"""The Shift Handover: drafted at each shift change, with staffing; acknowledged by the incoming supervisor.

``ensure_current`` (every minute) drafts the running shift's handover the first time it runs in
that shift (one per shift: a unique key refuses a second draft from an overlapping job) with what
the core selects (core/shifts.py ``handover_items``), and keeps its staffing against the minimum
in Ambon 112 Settings. What is late raises escalations through the escalation engine's triggers
*Handover Not Acknowledged* (from the shift's start; the seeded policy waits 15 minutes) and
*Shift Understaffed*.
"""

from datetime import datetime

import frappe
from frappe import _
from frappe.utils import cint, now_datetime

from ambon_112.core import shifts as core
from ambon_112.core.incident_states import DISPATCH_ACTIVE, INCIDENT_OPEN
from ambon_112.operations import roster
from ambon_112.roles import ADMINISTRATOR, SUPERVISOR
from ambon_112.settings import setting

HANDOVER = "Shift Handover"
DRAFT, ACKNOWLEDGED = "Draft", "Acknowledged"
SHORT, STAFFED = "Short", "Staffed"


class HandoverError(frappe.ValidationError):
	pass


def key_of(occurrence: core.Occurrence) -> str:
	return f"{occurrence.shift_date.isoformat()}|{occurrence.shift_type}"


def ensure_current(now: datetime | None = None) -> str | None:
	now = now or now_datetime()
	running = roster.running(now)
	if not running:
		return None
	name = frappe.db.get_value(HANDOVER, {"shift_key": key_of(running)}, "name")
	if not name:
		name = draft(running, now)
	if name:
		update_staffing(name, running)
	return name


def draft(running: core.Occurrence, now: datetime) -> str | None:
	previous = core.previous_occurrence(running, roster.shift_types())
	outgoing_start = previous.starts_at if previous else running.starts_at
	doc = frappe.get_doc(
		{
			"doctype": HANDOVER,
			"title": _("Handover to {0} {1}").format(running.shift_type, running.shift_date.isoformat()),
			"shift_type": running.shift_type,
			"shift_date": running.shift_date,
			"shift_start": running.starts_at,
			"shift_key": key_of(running),
			"previous_shift_type": previous.shift_type if previous else None,
			"outgoing_supervisor": roster.supervisor_of(previous),
			"incoming_supervisor": roster.supervisor_of(running),
			"status": DRAFT,
			"items": [
				{
					"section": i.section,
					"reference_doctype": i.reference_doctype,
					"reference_name": i.reference_name,
					"item_status": i.status,
					"item_since": i.since,
					"age_minutes": i.age_minutes,
					"description": (i.description or "")[:140],
				}
				for i in contents(outgoing_start, now)
			],
		}
	)
	frappe.db.savepoint("shift_handover")
	try:
		doc.insert(ignore_permissions=True)
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		frappe.db.rollback(save_point="shift_handover")
		frappe.clear_last_message()
		return frappe.db.get_value(HANDOVER, {"shift_key": key_of(running)}, "name")
	return doc.name


def contents(outgoing_start: datetime, now: datetime) -> list[core.HandoverItem]:
	"""The open items from the database (drills left out), selected by the core."""
	incident_fields = ["name", "title", "status", "priority", "reported_at", "creation"]
	incidents = frappe.get_all(
		"Incident", filters={"status": ("in", INCIDENT_OPEN), "is_exercise": 0}, fields=incident_fields
	)
	incidents += frappe.get_all(
		"Incident",
		filters={
			"priority": "P1",
			"reported_at": (">=", outgoing_start),
			"status": ("not in", INCIDENT_OPEN),
			"is_exercise": 0,
		},
		fields=incident_fields,
	)
	dispatches = frappe.get_all(
		"Dispatch",
		filters={"status": ("in", DISPATCH_ACTIVE), "is_exercise": 0},
		fields=["name", "status", "agency", "dispatched_at", "creation"],
	)
	escalations = frappe.get_all(
		"Escalation Log",
		filters={"status": "Open"},
		fields=["name", "status", "subject", "fired_at", "acknowledged_at", "cleared_at", "creation"],
	)
	watches = frappe.get_all(
		"Caller Watch",
		filters={"modified": (">=", outgoing_start)},
		fields=["name", "list_type", "reason", "modified", "creation"],
	)
	return core.handover_items(incidents, dispatches, escalations, watches, outgoing_start, now)


def staffing(running: core.Occurrence) -> tuple[int, int, core.Shortfall]:
	"""Who is signed on now: the shift's rostered supervisor counts as its supervisor, everyone else
	signed on as an operator."""
	signed_on = set(frappe.get_all("Operator Position", filters={"on_duty": 1}, pluck="operator"))
	supervisor = roster.supervisor_of(running)
	supervisors = 1 if supervisor and supervisor in signed_on else 0
	operators = len(signed_on - {supervisor})
	shortfall = core.staffing_shortfall(
		operators,
		supervisors,
		cint(setting("min_operators_per_shift")),
		cint(setting("min_supervisors_per_shift")),
	)
	return operators, supervisors, shortfall


def update_staffing(name: str, running: core.Occurrence):
	operators, supervisors, shortfall = staffing(running)
	values = {
		"operators_signed_on": operators,
		"supervisors_signed_on": supervisors,
		"staffing_status": SHORT if shortfall.short else STAFFED,
		"shortfall": _("{0} operator(s), {1} supervisor(s) missing").format(
			shortfall.operators, shortfall.supervisors
		)
		if shortfall.short
		else "",
	}
	current = frappe.db.get_value(HANDOVER, name, list(values), as_dict=True)
	if any(current.get(k) != v for k, v in values.items()):
		frappe.db.set_value(HANDOVER, name, values, update_modified=False)


def acknowledge(name: str, user: str) -> dict:
	"""The incoming supervisor has read the handover (any supervisor when none is rostered)."""
	doc = frappe.get_doc(HANDOVER, name)
	doc.check_permission("read")
	roles = set(frappe.get_roles(user))
	may = user == doc.incoming_supervisor or (
		ADMINISTRATOR in roles or (SUPERVISOR in roles and not doc.incoming_supervisor)
	)
	if not may:
		frappe.throw(
			_("Only the incoming supervisor ({0}) acknowledges this handover.").format(
				doc.incoming_supervisor or _("a supervisor")
			),
			frappe.PermissionError,
		)
	if doc.status == ACKNOWLEDGED:
		return {"status": doc.status, "acknowledged_by": doc.acknowledged_by}
	doc.status, doc.acknowledged_by, doc.acknowledged_at = ACKNOWLEDGED, user, now_datetime()
	doc.flags.ignore_permissions = True  # level 2: this is the one path that writes it
	doc.save()
	return {"status": doc.status, "acknowledged_by": doc.acknowledged_by}


def ambon112_shift_handover(doc) -> "frappe.model.document.Document":
	"""Jinja (print format "Shift Handover"): the stored handover, read if the user may read it."""
	stored = frappe.get_doc(HANDOVER, doc.name if hasattr(doc, "name") else doc)
	stored.check_permission("read")
	return stored
