"""Callbacks of lost callers: which calls need one, and what an attempt does to the task.

A call that never reached an operator (missed or abandoned while ringing) or that broke off
(classified "Dropped") from a number that can be dialled becomes a callback task. Prank and
watch-listed numbers are not exempt: the task is kept and marked, never dropped. The task stays
open until an operator records an outcome; "no answer" counts as an attempt and after the set
number of attempts the task ends as not reached. Nothing here knows about Frappe.
"""

from __future__ import annotations

from dataclasses import dataclass

from ambon_112.core.errors import CoreError

DROPPED = "Dropped"  # the call class (core.call_states) of a call that broke off
MISSED_STATE = "Missed"  # the line state of a call that ended without being answered

# Why a task exists.
REASON_MISSED, REASON_DROPPED = "Missed", "Dropped"
REASONS = (REASON_MISSED, REASON_DROPPED)

OPEN, DONE = "Open", "Done"
STATUSES = (OPEN, DONE)

# What the operator records after calling back.
REACHED_EMERGENCY = "Reached: Emergency"
REACHED_NO_EMERGENCY = "Reached: No Emergency"
NO_ANSWER = "No Answer"  # an attempt: the task stays open until the attempts run out
NOT_REACHED = "Not Reached"  # the task's end after the last unanswered attempt
NUMBER_UNUSABLE = "Number Unusable"
OUTCOMES = (REACHED_EMERGENCY, REACHED_NO_EMERGENCY, NOT_REACHED, NUMBER_UNUSABLE)
RECORDABLE = (REACHED_EMERGENCY, REACHED_NO_EMERGENCY, NO_ANSWER, NUMBER_UNUSABLE)

# Numbers an operator can dial back (core.phone kinds); short codes, withheld and invalid numbers cannot.
CALLABLE_KINDS = frozenset({"mobile", "landline", "international"})
DEFAULT_MAX_ATTEMPTS = 3
# The escalation trigger's delay in the default policy (escalation engine): 2 minutes.
DEFAULT_ESCALATE_AFTER_SECONDS = 120


class InvalidCallbackOutcome(CoreError):
	code = "invalid_callback_outcome"


def reason_for(
	call_state: str | None, classification: str | None, number_kind: str | None, number_invalid
) -> str | None:
	"""Why this call needs a callback, or None when it does not (or cannot be called back)."""
	if number_kind not in CALLABLE_KINDS or number_invalid:
		return None
	if classification == DROPPED:
		return REASON_DROPPED
	if call_state == MISSED_STATE and not classification:
		return REASON_MISSED
	return None


@dataclass(frozen=True)
class AttemptResult:
	status: str
	outcome: str | None
	attempts: int


def record(status: str, attempts: int, outcome: str, max_attempts: int) -> AttemptResult:
	"""The task after an operator records ``outcome`` of one callback attempt."""
	if status != OPEN:
		raise InvalidCallbackOutcome("the callback task is already done", outcome=outcome)
	if outcome not in RECORDABLE:
		raise InvalidCallbackOutcome("not a callback outcome", outcome=outcome)
	attempts = attempts + 1
	if outcome == NO_ANSWER:
		if attempts >= max(1, max_attempts):
			return AttemptResult(DONE, NOT_REACHED, attempts)
		return AttemptResult(OPEN, None, attempts)
	return AttemptResult(DONE, outcome, attempts)
