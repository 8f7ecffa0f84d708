"""The life of an incident and of a dispatch, as plain data.

Workflow state *names* belong to admins (they rename them in the desk); these *meanings*
belong to the code. Each Workflow state sets the document's ``status`` to one of them.
"""

from __future__ import annotations

# Incident priorities, most urgent first; an incident type that names none gives P3.
PRIORITIES = ("P1", "P2", "P3", "P4")
DEFAULT_PRIORITY = "P3"

# Incident: open meanings in the order an incident normally passes through them.
INCIDENT_PROGRESS = ("New", "Triaged", "Dispatched", "On Scene", "Resolved", "Closed")
INCIDENT_EXITS = ("Cancelled", "Duplicate", "False Alarm")
INCIDENT_CLOSED = ("Closed", *INCIDENT_EXITS)
INCIDENT_OPEN = tuple(s for s in INCIDENT_PROGRESS if s not in INCIDENT_CLOSED)

# Which incident timestamp a meaning stamps the first time the incident reaches it (or passes it).
INCIDENT_MILESTONES = {"Triaged": "triaged_at", "Resolved": "resolved_at", "Closed": "closed_at"}

# Dispatch: forward only; a crew may skip a step (arrive without reporting "en route").
DISPATCH_PROGRESS = ("Dispatched", "Acknowledged", "En Route", "On Scene", "Cleared")
DISPATCH_FINAL = ("Cleared", "Cancelled")
DISPATCH_ACTIVE = tuple(s for s in DISPATCH_PROGRESS if s not in DISPATCH_FINAL)

# Each dispatch status records when and by whom it was reached.
DISPATCH_STAMPS = {
	"Dispatched": ("dispatched_at", "dispatched_by"),
	"Acknowledged": ("acknowledged_at", "acknowledged_by"),
	"En Route": ("en_route_at", "en_route_by"),
	"On Scene": ("on_scene_at", "on_scene_by"),
	"Cleared": ("cleared_at", "cleared_by"),
	"Cancelled": ("cancelled_at", "cancelled_by"),
}

# What a unit is doing while its dispatch is in a status; a finished dispatch frees it.
UNIT_STATUS_FOR_DISPATCH = {
	"Dispatched": "Dispatched",
	"Acknowledged": "Dispatched",
	"En Route": "En Route",
	"On Scene": "On Scene",
	"Cleared": "Available",
	"Cancelled": "Available",
}

# The incident's first-* timestamps that a dispatch status feeds.
INCIDENT_FIRSTS = {
	"Dispatched": "first_dispatch_at",
	"Acknowledged": "first_acknowledged_at",
	"En Route": "first_en_route_at",
	"On Scene": "first_on_scene_at",
}


# The incident meaning that a dispatch status brings a less advanced incident to.
INCIDENT_MEANING_FOR_DISPATCH = {"Dispatched": "Dispatched", "On Scene": "On Scene"}


def incident_advance_target(incident_status: str | None, dispatch_status: str) -> str | None:
	"""The meaning a dispatch's new status should move its incident to, if any.

	Only forward, and only for an open incident: the first unit sent makes a new or triaged
	incident "Dispatched", the first unit on scene makes it "On Scene"; a second unit sent to an
	incident already on scene, or a report on a resolved incident, moves nothing.
	"""
	target = INCIDENT_MEANING_FOR_DISPATCH.get(dispatch_status)
	if not target or incident_status not in INCIDENT_OPEN:
		return None
	if INCIDENT_PROGRESS.index(incident_status) >= INCIDENT_PROGRESS.index(target):
		return None
	return target


def dispatch_status_on_incident_end(incident_status: str | None) -> str | None:
	"""What happens to the still active dispatches of an incident that has just ended.

	A closed incident releases its units as cleared; one cancelled, duplicate or a false alarm
	calls its units back (cancelled). Either way no unit stays tied to a finished incident.
	"""
	if incident_status == "Closed":
		return "Cleared"
	if incident_status in INCIDENT_EXITS:
		return "Cancelled"
	return None


def incident_milestones_due(status: str, stamped: set[str]) -> list[str]:
	"""Timestamp fields to set now that the incident has the given status.

	Reaching a later step implies the earlier milestones (an incident closed straight from
	"New" was triaged at that moment too); the exits close the incident.
	"""
	if status in INCIDENT_EXITS:
		reached = {"Closed"}
	elif status in INCIDENT_PROGRESS:
		reached = set(INCIDENT_PROGRESS[: INCIDENT_PROGRESS.index(status) + 1])
	else:
		return []
	return [
		field for meaning, field in INCIDENT_MILESTONES.items() if meaning in reached and field not in stamped
	]


def dispatch_transition_allowed(current: str | None, new: str) -> bool:
	"""Whether a dispatch may move from ``current`` to ``new``."""
	if new not in DISPATCH_STAMPS or (current is not None and current not in DISPATCH_STAMPS):
		return False
	if current is None or current == new:
		return current is not None or new == "Dispatched"
	if current in DISPATCH_FINAL:
		return False
	if new == "Cancelled":
		return True
	return DISPATCH_PROGRESS.index(new) > DISPATCH_PROGRESS.index(current)
