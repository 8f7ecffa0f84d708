"""The callback queue: lost callers become Callback Tasks until an operator records the outcome.

``offer`` runs for every change of a call (the PBX's events in intake/telephony.py, every save of
a call through its on_update hook) and makes at most one task per call (its ``call`` is unique).
Prank and watch-listed numbers get their task like any other, marked with the call's flags.
``record`` is the one write path of a task's status, outcome and stamps (field level 2).
An open task that waits too long escalates through the escalation engine (trigger "Callback
Waiting", default policy in console/defaults.py).
"""

import frappe
from frappe import _
from frappe.utils import cint, get_datetime, now_datetime

from ambon_112.core import callbacks as core
from ambon_112.core.durations import seconds_between
from ambon_112.exceptions import CallbackOutcomeError
from ambon_112.intake import on_duty
from ambon_112.settings import setting

TASK = "Callback Task"
CALL = "Emergency Call"
QUEUE_EVENT = "ambon112_callback_queue"
# The record's fields ``record`` writes (level 2 in callback_task.json: no role may write them).
RECORD_FIELDS = (
	"status",
	"outcome",
	"attempts",
	"first_attempt_at",
	"seconds_to_callback",
	"last_attempt_at",
	"completed_at",
	"completed_by",
)
MAX_QUEUE = 50


def offer(call) -> str | None:
	"""The call's callback task, made when the call needs one and has none; its name or None."""
	reason = core.reason_for(
		call.call_state, call.classification, call.caller_number_kind, call.caller_number_invalid
	)
	if not reason:
		return None
	existing = frappe.db.get_value(TASK, {"call": call.name}, "name")
	if existing:
		return existing
	task = frappe.get_doc(
		{
			"doctype": TASK,
			"call": call.name,
			"reason": reason,
			"is_exercise": call.is_exercise,
			"waiting_since": call.ended_at or call.received_at or now_datetime(),
			"caller_number": call.caller_number,
			"caller_number_normalized": call.caller_number_normalized,
			"caller_flagged": call.caller_flagged,
			"caller_watch": call.caller_watch,
		}
	)
	# Made by whoever's event lost the call (the PBX's user, an operator classifying "Dropped"):
	# the task belongs to the centre, not to them.
	task.flags.ignore_permissions = True
	# Its links are the call in hand and that call's own: checking them again costs queries and a
	# Redis read-and-write of Frappe's link counts (a dict that grows with every call until the
	# hourly job), for each of the day's thousands of lost calls.
	task.flags.ignore_links = True
	task.insert()
	for user in on_duty.on_duty_operators():
		frappe.publish_realtime(QUEUE_EVENT, {"task": task.name}, user=user, after_commit=True)
	return task.name


def offer_on_update(doc, method=None):
	"""Emergency Call on_update hook: a call just classified "Dropped" (or saved missed)."""
	offer(doc)


def record(task_name: str, outcome: str, notes: str | None = None) -> dict:
	"""Record one callback attempt's outcome; the task is done unless the caller did not answer and
	attempts are left. Only operators and supervisors (write on the task) record."""
	task = frappe.get_doc(TASK, task_name, for_update=True)
	task.check_permission("write")
	try:
		result = core.record(
			task.status, cint(task.attempts), outcome, cint(setting("callback_max_attempts"))
		)
	except core.InvalidCallbackOutcome as e:
		message = (
			_("Callback task {0} is already done.").format(task.name)
			if task.status != core.OPEN
			else _("{0} is not a callback outcome.").format(e.params.get("outcome"))
		)
		frappe.throw(message, CallbackOutcomeError, title=_("Cannot Record Callback"))
	now = now_datetime()
	if not task.first_attempt_at:
		task.first_attempt_at = now
		task.seconds_to_callback = seconds_between(get_datetime(task.waiting_since), now)
	task.last_attempt_at = now
	task.attempts = result.attempts
	task.status = result.status
	task.outcome = result.outcome
	if result.status == core.DONE:
		task.completed_at, task.completed_by = now, frappe.session.user
	if notes:
		task.notes = "\n".join(n for n in (task.notes, notes) if n)
	task.flags.ignore_permlevel_for_fields = RECORD_FIELDS
	task.save()
	return {
		"task": task.name,
		"status": task.status,
		"outcome": task.outcome,
		"attempts": task.attempts,
		"max_attempts": cint(setting("callback_max_attempts")),
	}


def open_tasks() -> list[dict]:
	"""The open callback tasks, oldest first (the console shows them at the top)."""
	return frappe.get_all(
		TASK,
		filters={"status": core.OPEN},
		fields=[
			"name",
			"call",
			"reason",
			"is_exercise",
			"waiting_since",
			"attempts",
			"caller_number",
			"caller_number_normalized",
			"caller_flagged",
			"caller_watch",
		],
		order_by="waiting_since asc, name asc",
		limit=MAX_QUEUE,
	)
