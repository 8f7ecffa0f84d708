"""The triage of a call, as meanings the code relies on.

Admins own the *names* of the call-triage workflow states (they rename them in the desk); each
state writes one of these meanings into ``Emergency Call.triage_status``.
"""

from __future__ import annotations

PENDING, IN_TRIAGE, ESCALATED, CLOSED = "Pending", "In Triage", "Escalated", "Closed"
TRIAGE_MEANINGS = (PENDING, IN_TRIAGE, ESCALATED, CLOSED)

EMERGENCY = "Emergency"
PRANK, GHOST = "Prank", "Ghost / Silent"
# Classes that end the call's triage without an incident.
NON_EMERGENCY = ("Information Request", PRANK, GHOST, "Dropped", "Wrong Number", "Test")
CLASSES = (EMERGENCY, *NON_EMERGENCY)
# How reports and a caller's history count a call nobody has classified yet.
UNCLASSIFIED = "Unclassified"


def meaning_for_class(classification: str | None, has_incident: bool) -> str | None:
	"""Where a quick classification takes the call: an emergency with its incident is escalated."""
	if classification == EMERGENCY:
		return ESCALATED if has_incident else None
	if classification in NON_EMERGENCY:
		return CLOSED
	return None
