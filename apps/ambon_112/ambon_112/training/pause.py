"""A live call always comes before a drill: the drill pauses for the trainee it reached.

When a live (not exercise) call pops up on a trainee's desk during a running drill, that trainee's
drill pauses: their next scripted calls wait (``drill.ring_due`` skips a paused trainee). The drill
resumes once the live call is handled — classified, ended, or taken by another operator — and the
waiting calls move later by as long as the pause lasted, so the scenario's rhythm is kept.
Everything is read from the database: the running sessions, the live call's state.
"""

import frappe
from frappe.utils import get_datetime, now_datetime

from ambon_112.core import drill_plan as plan

SESSION = "Exercise Session"
TRAINEE = "Exercise Session Trainee"
RESULT = "Exercise Result"
CALL = "Emergency Call"
RUNNING = "Running"


def on_live_call_event(call, users: list[str]):
	"""intake.telephony.notify, on every event of a call: a live call that popped up on ``users``'
	desks pauses their drills; one that is now handled (ended, or answered by another operator)
	resumes the drills it paused."""
	if call.is_exercise:
		return
	on_call_update(call)
	if not users:
		return
	session, trainee = frappe.qb.DocType(SESSION), frappe.qb.DocType(TRAINEE)
	rows = (
		frappe.qb.from_(trainee)
		.join(session)
		.on(session.name == trainee.parent)
		.select(trainee.name, trainee.parent, trainee.paused)
		.where(
			(trainee.parenttype == SESSION) & (session.status == RUNNING) & trainee.trainee.isin(list(users))
		)
	).run(as_dict=True)
	for row in rows:
		if _handled(call.name, _trainee(row.name)):
			continue
		values = {"paused": 1, "paused_by_call": call.name}
		if not row.paused:
			values["paused_since"] = now_datetime()
		frappe.db.set_value(TRAINEE, row.name, values, update_modified=False)
		_tell(row.parent, "paused")


def on_call_update(doc, method=None):
	"""Emergency Call on_update: a live call that pauses a drill may now be handled."""
	if doc.is_exercise:
		return
	for session in frappe.get_all(
		TRAINEE, filters={"paused_by_call": doc.name, "paused": 1, "parenttype": SESSION}, pluck="parent"
	):
		resume_handled(session)


def resume_handled(session_name: str):
	"""Resume every trainee of the session whose pausing live call is handled."""
	for row in frappe.get_all(
		TRAINEE,
		filters={"parent": session_name, "parenttype": SESSION, "paused": 1},
		fields=["name", "trainee", "paused_by_call", "paused_since", "paused_seconds"],
	):
		if row.paused_by_call and not _handled(row.paused_by_call, row.trainee):
			continue
		now = now_datetime()
		since = get_datetime(row.paused_since or now)
		waiting = frappe.get_all(
			RESULT,
			filters={
				"parent": session_name,
				"parenttype": SESSION,
				"trainee": row.trainee,
				"call": ("is", "not set"),
			},
			fields=["name", "due_at"],
		)
		for result, due_at in zip(
			waiting, plan.resumed([get_datetime(w.due_at) for w in waiting], since, now), strict=True
		):
			frappe.db.set_value(RESULT, result.name, "due_at", due_at, update_modified=False)
		frappe.db.set_value(
			TRAINEE,
			row.name,
			{
				"paused": 0,
				"paused_since": None,
				"paused_by_call": None,
				"paused_seconds": (row.paused_seconds or 0) + (now - since).total_seconds(),
			},
			update_modified=False,
		)
		_tell(session_name, "resumed")


def _handled(call_name: str, trainee: str) -> bool:
	"""The live call no longer needs this trainee: classified, over, or another operator's."""
	call = frappe.db.get_value(CALL, call_name, ["classification", "call_state", "operator"], as_dict=True)
	if not call:
		return True
	return bool(
		call.classification
		or call.call_state in ("Ended", "Missed")
		or (call.operator and call.operator != trainee)
	)


def _trainee(row_name: str) -> str:
	return frappe.db.get_value(TRAINEE, row_name, "trainee")


def _tell(session_name: str, what: str):
	"""The session changed under any form open on it (a stale save is then refused, never written
	over the pause), and the trainer's console hears of it."""
	from ambon_112.training.drill import publish

	frappe.db.set_value(SESSION, session_name, "modified", now_datetime(), update_modified=False)

	publish(frappe.db.get_value(SESSION, session_name, ["name", "trainer", "owner"], as_dict=True), what)
