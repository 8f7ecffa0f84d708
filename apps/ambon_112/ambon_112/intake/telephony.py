"""PBX call events into Emergency Calls: exactly one call per telephony call id.

The same event twice, events out of order, or several "ringing" posts racing each other all end
in one call that keeps every timestamp (core.telephony.merge). Racing inserts of one new call id
collide on its unique index; the losers merge into the winner's committed row. The operator's
pop-up is published only after the transaction commits.
"""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.utils import get_datetime, get_system_timezone

from ambon_112.core import telephony as core
from ambon_112.exceptions import InvalidCallEventError
from ambon_112.intake import on_duty
from ambon_112.intake.caller_history import popup

CALL = "Emergency Call"
SAVEPOINT = "ambon112_call_event"
POPUP_EVENT = "ambon112_incoming_call"
TIMESTAMPS = ("received_at", "answered_at", "ended_at", "transferred_at")
DEADLOCK_RETRIES = 3


def receive(payload: dict) -> dict:
	"""Apply one PBX event; what happened and whom the pop-up went to."""
	event = parse(payload)
	for attempt in range(DEADLOCK_RETRIES):
		try:
			return _receive(event)
		except frappe.QueryDeadlockError:
			# InnoDB rolled this request back as a deadlock victim: start again on a fresh snapshot.
			if attempt == DEADLOCK_RETRIES - 1:
				raise
			frappe.db.rollback()


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
		message = popup(call, kind)
		for user in users:
			frappe.publish_realtime(POPUP_EVENT, message, user=user, after_commit=True)
	return users


def _receive(event: core.CallEvent) -> dict:
	call, created = _lock_or_create(event)
	changed = created or _merge_into(call, event)
	notified = notify(call, event.kind, event.agent) if changed else []
	return {
		"call": call.name,
		"created": created,
		"changed": bool(changed),
		"call_state": call.call_state,
		"notified": notified,
	}


# ---------------------------------------------------------------- one call per call id


def _lock_or_create(event: core.CallEvent):
	"""The call of this call id, row-locked; created when this is its first event.

	Never a locking read of a key that may not exist: it takes a gap lock, and requests holding
	gap locks and then inserting into that gap deadlock each other. A plain read first; when the
	call is missing from this transaction's snapshot, insert it and let the unique index tell
	whether another request was first.
	"""
	name = frappe.db.get_value(CALL, {"telephony_call_id": event.call_id}, "name")
	if name:
		return frappe.get_doc(CALL, name, for_update=True), False
	call = _new_call(event)
	frappe.db.savepoint(SAVEPOINT)
	try:
		call.insert()
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		# Another request inserted this call id first and has committed: merge into its row.
		frappe.db.rollback(save_point=SAVEPOINT)
		frappe.clear_last_message()
		# A locking read sees the latest committed row, whatever this transaction's snapshot.
		name = frappe.db.get_value(CALL, {"telephony_call_id": event.call_id}, "name", for_update=True)
		if not name:
			raise
		call = frappe.get_doc(CALL, name, for_update=True)
		_merge_into(call, event)
		return call, False
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
		call.update(changes)
		call.save()
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
