"""PBX call events into Emergency Calls: exactly one call per telephony call id.

The same event twice, events out of order, or several "ringing" posts racing each other all end
in one call that keeps every timestamp (core.telephony.merge); the Emergency Call controller
applies what changed. Racing inserts of one new call id collide on its unique index; the losers
start again and merge into the winner's committed row. Every event received is logged on its call
(intake/pbx_log.py). The operator's pop-up is published only after the transaction commits.
"""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.utils import get_datetime, get_system_timezone

from ambon_112.console import callbacks
from ambon_112.core import telephony as core
from ambon_112.exceptions import InvalidCallEventError
from ambon_112.intake import on_duty, pbx_log
from ambon_112.intake.caller_history import popup
from ambon_112.training.pause import on_live_call_event

CALL = "Emergency Call"
POPUP_EVENT = "ambon112_incoming_call"
TIMESTAMPS = ("received_at", "answered_at", "ended_at", "transferred_at")
ATTEMPTS = 3


def receive(payload: dict) -> dict:
	"""Apply one PBX event and log it on its call; what happened and whom the pop-up went to."""
	event = parse(payload)
	result = _apply(event)
	pbx_log.record(payload, event, result)
	return result


def _apply(event: core.CallEvent) -> dict:
	for attempt in range(ATTEMPTS):
		try:
			return _receive(event)
		except (frappe.DuplicateEntryError, frappe.UniqueValidationError, frappe.QueryDeadlockError):
			# Another request inserted this call id first (or InnoDB picked this one as a deadlock
			# victim). Nothing but that insert was written yet: roll back and start again, on a
			# fresh snapshot that sees the other request's committed call, and merge into it.
			if attempt == ATTEMPTS - 1:
				raise
			frappe.db.rollback()
			frappe.clear_last_message()


def parse(payload: dict) -> core.CallEvent:
	try:
		return core.parse_event(payload, datetime.now(timezone.utc))
	except core.InvalidCallEvent as e:
		frappe.throw(
			_("Invalid call event: {0} ({1}).").format(_(str(e)), e.params.get("field")),
			InvalidCallEventError,
			title=_("Invalid Call Event"),
		)


def notify(call, kind: str, agent: str | None) -> list[str]:
	"""Pop the call up on the desks it concerns, once the transaction is committed."""
	users = on_duty.recipients(kind, agent)
	if users:
		message = popup(call, kind, call.caller_counts())
		for user in users:
			frappe.publish_realtime(POPUP_EVENT, message, user=user, after_commit=True)
	# A live call comes before a drill: the drill of a trainee it reached pauses until it is handled.
	on_live_call_event(call, users)
	return users


def _receive(event: core.CallEvent) -> dict:
	call, created = _lock_or_create(event)
	changed = created or _merge_into(call, event)
	notified = notify(call, event.kind, event.agent) if changed else []
	if changed:
		# A PBX's timestamps are written without a save (apply_pbx_changes), so the call's
		# on_update does not run: a call just lost becomes a callback task here.
		callbacks.offer(call)
	return {
		"call": call.name,
		"created": created,
		"changed": bool(changed),
		"call_state": call.call_state,
		"notified": notified,
	}


# ---------------------------------------------------------------- one call per call id


def _lock_or_create(event: core.CallEvent):
	"""The call of this call id, row-locked; inserted when this is its first event.

	Never a locking read of a key that may not exist: it takes a gap lock, and requests holding
	gap locks and then inserting into that gap deadlock each other. A plain read; when the call
	is not in this transaction's snapshot, insert it and let its unique index tell (receive
	retries) whether another request was first.
	"""
	name = frappe.db.get_value(CALL, {"telephony_call_id": event.call_id}, "name")
	if name:
		return frappe.get_doc(CALL, name, for_update=True), False
	call = _new_call(event)
	call.insert()
	return call, True


def _new_call(event: core.CallEvent):
	times = core.merge(core.CallTimes(), event)
	call = frappe.get_doc({"doctype": CALL, "telephony_call_id": event.call_id, "channel": "Voice"})
	call.update(_changes(call, core.CallTimes(), times))
	return call


def _merge_into(call, event: core.CallEvent) -> dict:
	before = _times_of(call)
	changes = _changes(call, before, core.merge(before, event))
	if changes:
		call.apply_pbx_changes(changes)
	return changes


def _times_of(call) -> core.CallTimes:
	return core.CallTimes(
		**{field: _aware(call.get(field)) for field in TIMESTAMPS},
		agent=call.operator,
		agent_at=_aware(call.operator_event_at),
		caller=call.caller_number,
	)


def _changes(call, before: core.CallTimes, after: core.CallTimes) -> dict:
	changes = {
		field: _local(getattr(after, field))
		for field in TIMESTAMPS
		if getattr(after, field) != getattr(before, field)
	}
	if after.caller and not call.caller_number:
		changes["caller_number"] = after.caller
	if (after.agent, after.agent_at) != (before.agent, before.agent_at):
		if after.agent_at != before.agent_at:
			changes["operator_event_at"] = _local(after.agent_at)
		user = on_duty.user_for_agent(after.agent)
		if user and user != call.operator:
			changes["operator"] = user
		if user and user != call.taken_by:
			# Who took the call, and where: stamps only this path writes (level 2).
			changes["taken_by"] = user
			changes["taken_at_position"] = on_duty.position_for_agent(after.agent, user)
	return changes


def _aware(value) -> datetime | None:
	if not value:
		return None
	return get_datetime(value).replace(tzinfo=ZoneInfo(get_system_timezone()))


def _local(value: datetime | None) -> datetime | None:
	"""A naive datetime in the site's time zone, as Frappe stores Datetime fields."""
	if value is None:
		return None
	return value.astimezone(ZoneInfo(get_system_timezone())).replace(tzinfo=None)
