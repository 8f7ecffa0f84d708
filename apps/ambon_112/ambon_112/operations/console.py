"""Console positions: sign-on, the desk's heartbeat, lost and unmanned consoles, forgotten sign-offs.

Signing on and off stays the intake's (intake/on_duty.py start_duty/end_duty, the Operator
Position's On Duty box); this module stamps what a sign-on means for the console (doc events of
Operator Position: the heartbeat starts, a Console Session opens or closes) and keeps the
console's state from the database:

- the desk sends a heartbeat every 15 s while a page is open (public/js/console.js → ``heartbeat``);
- ``sweep`` (every minute) marks a signed-on console whose heartbeat stopped 45 s ago *Lost*, a
  rostered console nobody signed on at *Unmanned* from the shift's start (both raise the
  escalation trigger *Console Position Unattended*), and ends sign-ons still open after their
  shift plus the grace, telling the operator.

Incoming-call pop-ups go to live consoles only: intake/on_duty.py reads the heartbeat column.
"""

from datetime import datetime

import frappe
from frappe import _
from frappe.utils import cint, now_datetime

from ambon_112.core import shifts as core
from ambon_112.operations import roster
from ambon_112.settings import setting

POSITION, SESSION = "Operator Position", "Console Session"
SIGNED_OFF, ENDED_AFTER_SHIFT = "Signed Off", "Ended After Shift"
NOTICE_EVENT = "ambon112_console_notice"


# ---------------------------------------------------------------- doc events of Operator Position


def stamp_sign_on(position, method=None):
	"""validate: a sign-on is the console's first heartbeat; a sign-off leaves nothing to watch."""
	if not (position.has_value_changed("on_duty") or position.has_value_changed("operator")):
		return
	if position.on_duty:
		position.last_heartbeat = now_datetime()
		position.console_status, position.unattended_since = core.LIVE, None
	else:
		position.console_status, position.unattended_since = core.OFF, None


def track_session(position, method=None):
	"""on_update: close the open session when the duty ended or changed hands; open one for a sign-on."""
	if not (position.has_value_changed("on_duty") or position.has_value_changed("operator")):
		return
	now = now_datetime()
	reason = position.flags.get("end_reason") or SIGNED_OFF
	for name in frappe.get_all(
		SESSION, filters={"position": position.name, "signed_off_at": ("is", "not set")}, pluck="name"
	):
		frappe.db.set_value(
			SESSION, name, {"signed_off_at": now, "end_reason": reason}, update_modified=False
		)
	if position.on_duty and position.operator:
		shift = shift_for_sign_on(position.operator, now)
		frappe.get_doc(
			{
				"doctype": SESSION,
				"user": position.operator,
				"position": position.name,
				"signed_on_at": now,
				"shift_type": shift.shift_type if shift else None,
				"shift_date": shift.shift_date if shift else None,
				"shift_ends_at": shift.ends_at if shift else None,
			}
		).insert(ignore_permissions=True)


def shift_for_sign_on(user: str, now: datetime) -> core.Occurrence | None:
	"""The operator's rostered shift, else the shift a sign-on at this time belongs to."""
	assigned = roster.assignment_of(user, now)
	if assigned:
		return roster.occurrence_of(assigned.shift_type, assigned.shift_date)
	return core.shift_of_sign_on(now, roster.shift_types())


# ---------------------------------------------------------------- heartbeat


def heartbeat(user: str) -> dict:
	"""The desk is open: the console of this user's sign-on is live (again)."""
	now = now_datetime()
	row = frappe.db.get_value(
		POSITION,
		{"operator": user, "on_duty": 1},
		["name", "position_name", "console_status", "last_heartbeat"],
		as_dict=True,
	)
	if not row:
		return {"signed_on": False}
	if row.console_status == core.LOST and row.last_heartbeat:
		_count_lost_period(row.name, now - row.last_heartbeat)
	# A stamp of the console, not an edit: no version, no modified, no roster cache to clear.
	frappe.db.set_value(
		POSITION,
		row.name,
		{"last_heartbeat": now, "console_status": core.LIVE, "unattended_since": None},
		update_modified=False,
	)
	return {"signed_on": True, "position": row.name, "position_name": row.position_name}


def _count_lost_period(position: str, lost) -> None:
	session = frappe.db.get_value(
		SESSION,
		{"position": position, "signed_off_at": ("is", "not set")},
		["name", "lost_count", "lost_seconds"],
		as_dict=True,
	)
	if session:
		frappe.db.set_value(
			SESSION,
			session.name,
			{
				"lost_count": cint(session.lost_count) + 1,
				"lost_seconds": cint(session.lost_seconds) + int(lost.total_seconds()),
			},
			update_modified=False,
		)


# ---------------------------------------------------------------- the minute's sweep


def sweep(now: datetime | None = None) -> dict:
	now = now or now_datetime()
	ended = end_forgotten_sign_ons(now)
	return {"states": update_states(now), "ended": ended}


def update_states(now: datetime) -> dict[str, str]:
	"""Every position's state as the core sees it; the time it was left is kept while it stays so."""
	running = roster.running(now)
	rostered = {}
	if running:
		for a in roster.assignments(running):
			if a.position:
				rostered[a.position] = running.starts_at
	changed = {}
	for p in frappe.get_all(
		POSITION, fields=["name", "on_duty", "last_heartbeat", "console_status", "unattended_since"]
	):
		state, since = core.console_state(bool(p.on_duty), p.last_heartbeat, rostered.get(p.name), now)
		if state == p.console_status:
			continue
		frappe.db.set_value(
			POSITION, p.name, {"console_status": state, "unattended_since": since}, update_modified=False
		)
		changed[p.name] = state
	return changed


def end_forgotten_sign_ons(now: datetime) -> list[str]:
	"""Sign-ons still open after their shift and the grace end, and the operator is told."""
	grace = cint(setting("sign_off_grace_minutes"))
	ended = []
	for s in frappe.get_all(
		SESSION,
		filters={"signed_off_at": ("is", "not set")},
		fields=["name", "user", "position", "signed_on_at", "shift_ends_at"],
	):
		if not core.sign_off_due(s.signed_on_at, s.shift_ends_at, now, grace):
			continue
		position = frappe.get_doc(POSITION, s.position)
		if position.on_duty and position.operator == s.user:
			position.on_duty = 0
			position.flags.end_reason = ENDED_AFTER_SHIFT
			position.flags.ignore_permissions = True
			position.save()
		else:  # the position moved on without closing the session
			frappe.db.set_value(SESSION, s.name, {"signed_off_at": now, "end_reason": ENDED_AFTER_SHIFT})
		tell(
			s.user,
			_("Your sign-on at {0} was ended automatically: your shift is over.").format(s.position),
			s.name,
		)
		ended.append(s.name)
	return ended


def tell(user: str, message: str, session: str):
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": user,
			"type": "Alert",
			"document_type": SESSION,
			"document_name": session,
			"subject": message,
		}
	).insert(ignore_permissions=True)
	frappe.publish_realtime(NOTICE_EVENT, {"message": message}, user=user, after_commit=True)


def live_positions(now: datetime | None = None) -> list[dict]:
	"""Signed-on consoles whose heartbeat is fresh, read from the database (indexed heartbeat column)."""
	now = now or now_datetime()
	return frappe.get_all(
		POSITION,
		filters={"on_duty": 1, "last_heartbeat": (">=", core.live_since(now))},
		fields=["name", "operator"],
		order_by="name",
	)
