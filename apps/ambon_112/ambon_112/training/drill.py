"""Running a drill: each scenario rings as a call through the real intake path.

A drill call is a PBX event handed to ``intake.telephony.receive`` in-process, exactly as
``api.telephony.call_event`` hands over what the PBX posts, so the trainee sees the same pop-up,
caller history and AML as for a real call. Which calls are drill calls is known only in this
process (``frappe.flags``), never from anything a client or PBX sends: a PBX call id can never make
a live call an exercise and so drop it from the KPIs.
"""

import secrets
from contextlib import contextmanager
from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from ambon_112.core import drill_plan as plan
from ambon_112.intake import aml
from ambon_112.intake.telephony import receive

SESSION = "Exercise Session"
CALL = "Emergency Call"
DRILL_CALL_IDS = "ambon112_drill_call_ids"
PLANNED, RUNNING, ENDED = "Planned", "Running", "Ended"
CONSOLE_EVENT = "ambon112_drill"
# The drill's record, level 2 in the DocTypes' JSON (no role writes it, every reader reads it):
# only this module writes it through the session (start, ring, end), ``pause`` and ``scoring`` in
# the database. The trainer's remarks on a result stay level 0.
SESSION_RECORD = ("status", "started_at", "ended_at", "random_seed")
RESULT_RECORD = (
	"trainee",
	"scenario",
	"call_no",
	"call",
	"due_at",
	"rung_at",
	"incident",
	"total_score",
	"passed",
	"classified_at",
	"scored_at",
	"components",
	"timeline",
)
TRAINEE_RECORD = ("paused", "paused_since", "paused_by_call", "paused_seconds")


def start(session_name: str) -> list[str]:
	"""Plan when every scenario's calls ring at every trainee's desk and ring those due now.

	The calls a scenario scripts for later (its offsets) ring when due: ``ring_due`` runs from the
	scheduler every minute and from the trainer's console every few seconds while it is open.
	"""
	session = frappe.get_doc(SESSION, session_name, for_update=True)
	session.check_permission("write")
	if session.status != PLANNED:
		frappe.throw(_("Only a planned exercise session can be started."), title=_("Cannot Start Drill"))
	_add_random_mix(session)
	if not session.scenarios:
		frappe.throw(_("Pick scenarios or a random mix first."), title=_("Cannot Start Drill"))
	started = now_datetime()
	for trainee in session.trainees:
		for scenario_row in session.scenarios:
			scenario = frappe.get_doc("Training Scenario", scenario_row.scenario)
			offsets = plan.parse_offsets(scenario.call_offsets, scenario.calls or 1)
			for call_no, due_at in enumerate(plan.due(started, offsets), start=1):
				session.append(
					"results",
					{
						"trainee": trainee.trainee,
						"scenario": scenario.name,
						"call_no": call_no,
						"due_at": due_at,
					},
				)
	session.status, session.started_at = RUNNING, started
	save_record(session)
	return ring_due(session.name)


def ring_due(session_name: str) -> list[str]:
	"""Ring the session's calls that are due, except for a trainee paused by a live call."""
	from ambon_112.training import pause

	pause.resume_handled(session_name)
	session = frappe.get_doc(SESSION, session_name, for_update=True)
	if session.status != RUNNING:
		return []
	now = now_datetime()
	trainees = {t.trainee: t for t in session.trainees}
	calls = []
	for row in session.results:
		if row.call or not row.due_at or get_datetime(row.due_at) > now or trainees[row.trainee].paused:
			continue
		scenario = frappe.get_doc("Training Scenario", row.scenario)
		with _as_system():
			row.call = ring(
				session,
				trainees[row.trainee].idx,
				_scenario_idx(session, row),
				row.call_no,
				scenario,
				row.trainee,
			)
		row.rung_at = now
		calls.append(row.call)
	if calls:
		session.save(ignore_permissions=True)  # the trainer started it; the clock rings its calls
		publish(session, "rang")
	return calls


def run_due():
	"""Scheduler (every minute): start the scheduled (surprise) drills whose time has come, ring
	the calls due in every running drill."""
	now = now_datetime()
	for name in frappe.get_all(
		SESSION,
		filters={
			"status": PLANNED,
			"scheduled_start": ("between", (now - timedelta(minutes=plan.START_GRACE_MINUTES), now)),
		},
		pluck="name",
	):
		start(name)
	for name in frappe.get_all(SESSION, filters={"status": RUNNING}, pluck="name"):
		ring_due(name)


def _scenario_idx(session, row) -> int:
	return next((s.idx for s in session.scenarios if s.scenario == row.scenario), 0)


def _add_random_mix(session):
	"""The random mix by category and difficulty, drawn once from a stored seed (reproducible)."""
	if not session.random_count:
		return
	session.random_seed = session.random_seed or secrets.token_hex(8)
	library = frappe.get_all(
		"Training Scenario", filters={"is_active": 1}, fields=["name", "category", "difficulty"]
	)
	chosen = plan.pick_mix(
		[plan.Candidate(s.name, s.category, s.difficulty) for s in library],
		session.random_count,
		_lines(session.random_categories),
		_lines(session.random_difficulties),
		session.random_seed,
	)
	already = {s.scenario for s in session.scenarios}
	for name in chosen:
		if name not in already:
			session.append("scenarios", {"scenario": name})


def publish(session, what: str):
	"""Tell the trainer's console that the drill moved: to the trainer's own room, never broadcast."""
	for user in {session.trainer, session.owner} - {None, "Administrator", "Guest"}:
		frappe.publish_realtime(
			CONSOLE_EVENT, {"session": session.name, "what": what}, user=user, after_commit=True
		)


def _lines(text: str | None) -> list[str]:
	return [line.strip() for line in (text or "").splitlines() if line.strip()]


def ring(session, trainee_idx: int, scenario_idx: int, call_no: int, scenario, trainee: str) -> str:
	call_id = f"LATIHAN-{session.name}-{trainee_idx}-{scenario_idx}-{call_no}"
	drill_ids = frappe.flags.setdefault(DRILL_CALL_IDS, set())
	drill_ids.add(call_id)
	event = {"call_id": call_id, "event": "ringing", "agent": trainee}
	if scenario.caller_number:
		event["caller"] = scenario.caller_number
	result = receive(event)
	if scenario.aml_sms and call_no == 1:
		aml.receive_sms(scenario.aml_sms, scenario.caller_number)
	return result["call"]


def answer(call_name: str) -> dict:
	"""The trainee picks up a drill call: the PBX's "answered" event, as a real pick-up sends it."""
	call = frappe.get_doc(CALL, call_name)
	call.check_permission("write")
	if not call.is_exercise:
		frappe.throw(_("Only a drill call can be answered from the drill."), title=_("Not a Drill Call"))
	return receive({"call_id": call.telephony_call_id, "event": "answered", "agent": frappe.session.user})


def end(session_name: str):
	"""End the drill (at any time) and score what the trainees did."""
	from ambon_112.training.scoring import score_session

	session = frappe.get_doc(SESSION, session_name, for_update=True)
	session.check_permission("write")
	if session.status == ENDED:
		return session
	session.status, session.ended_at = ENDED, now_datetime()
	score_session(session)
	save_record(session)
	return session


def keep_the_record_of_a_new_session(session):
	"""Exercise Session validate: Frappe keeps the level-2 fields a user may not write on a new
	session and on the rows of a saved one, but takes a new session's rows as sent; so a new session
	starts with no results (they are the drill's record) and no trainee paused, as Frappe would reset
	them (the same exemptions: Administrator, code that ignores permissions)."""
	if not session.is_new() or session.flags.ignore_permissions or frappe.session.user == "Administrator":
		return
	session.set("results", [])
	access = session.get_permlevel_access()
	for row in session.trainees:
		row.reset_values_if_no_permlevel_access(access, row.meta.get_high_permlevel_fields())


def save_record(session):
	"""Save the session with the record this module wrote (the caller checked the user's write)."""
	session.flags.ignore_permlevel_for_fields = SESSION_RECORD
	for row in session.results:
		row.flags.ignore_permlevel_for_fields = RESULT_RECORD
	for row in session.trainees:
		row.flags.ignore_permlevel_for_fields = TRAINEE_RECORD
	session.save()


def mark_drill_call(doc, method=None):
	"""Emergency Call before_insert: a call rung by a drill in this process is an exercise."""
	if doc.telephony_call_id and doc.telephony_call_id in (frappe.flags.get(DRILL_CALL_IDS) or ()):
		doc.is_exercise = 1


def stamp_classified(doc, method=None):
	"""Emergency Call on_update: when a drill call first gets its class (for the time-to-classify
	score), and the trainer's console hears of every change the trainee makes to a drill call."""
	if not doc.is_exercise:
		return
	if doc.classification and doc.has_value_changed("classification"):
		frappe.db.set_value(
			"Exercise Result",
			{"call": doc.name, "classified_at": ("is", "not set")},
			"classified_at",
			now_datetime(),
			update_modified=False,
		)
	tell_console_of_call(doc.name)


def tell_dispatch(doc, method=None):
	"""Dispatch after_insert: a drill dispatch shows on the trainer's console."""
	if doc.is_exercise:
		for call in frappe.get_all(CALL, filters={"incident": doc.incident, "is_exercise": 1}, pluck="name"):
			tell_console_of_call(call)


def tell_console_of_call(call: str):
	session = frappe.db.get_value("Exercise Result", {"call": call, "parenttype": SESSION}, "parent")
	if session:
		publish(frappe.db.get_value(SESSION, session, ["name", "trainer", "owner"], as_dict=True), "acted")


@contextmanager
def _as_system():
	"""Drill calls are filed as the PBX's calls are, by the system: the trainer (whose right to run
	this session was checked) need not hold the call-taker's rights on calls and AML reports."""
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		yield
	finally:
		frappe.set_user(user)
