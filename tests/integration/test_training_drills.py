"""Drills in time on the real bench: the scripted rhythm of multi-call scenarios (the earthquake
minute), a random mix, surprise drills the scheduler starts inside a shift, a live call that pauses
the drill for its trainee, the trainer's console, drills that never escalate, certificate reminders.
Time is frozen and the scheduler's jobs are called directly."""

from datetime import datetime, timedelta

import frappe
import pytest

from ambon_112.api import intake as intake_api
from ambon_112.api import training as training_api
from ambon_112.escalation.sweep import sweep
from ambon_112.intake.telephony import receive
from ambon_112.roles import OPERATOR, SUPERVISOR, TRAINER
from ambon_112.tests.utils import (
	deactivate_escalation_policies,
	escalation_level,
	frozen_at,
	make_escalation_policy,
	make_user,
	random_number,
	unique,
)
from ambon_112.training import certificates, drill, pause
from ambon_112.training.defaults import SCENARIOS

T0 = datetime(2043, 2, 10, 9, 0)  # inside the 07-14 shift
QUAKE = [name for name in SCENARIOS if name.startswith("Gempa:")]
FIRE = "Kebakaran rumah di Batu Merah"


@pytest.fixture
def people(site):
	return frappe._dict(trainer=make_user([TRAINER]), a=make_user([OPERATOR]), b=make_user([OPERATOR]))


def new_session(people, trainees, scenarios=(), **fields):
	frappe.set_user(people.trainer)
	doc = frappe.get_doc(
		{
			"doctype": "Exercise Session",
			"title": unique("Latihan"),
			"trainer": people.trainer,
			"trainees": [{"trainee": t} for t in trainees],
			"scenarios": [{"scenario": s} for s in scenarios],
			**fields,
		}
	).insert()
	frappe.set_user("Administrator")
	return doc.name


def rung(session: str, trainee: str | None = None) -> list[str]:
	filters = {"parent": session, "call": ("is", "set")}
	if trainee:
		filters["trainee"] = trainee
	return frappe.get_all("Exercise Result", filters=filters, pluck="call", order_by="rung_at, idx")


def two_call_scenario(offsets="0, 60") -> str:
	"""A copy of the Batu Merah fire with a second caller a minute later."""
	doc = frappe.copy_doc(frappe.get_doc("Training Scenario", FIRE))
	doc.scenario_name = unique("Kebakaran dua penelepon")
	doc.calls, doc.duplicate_of_call, doc.call_offsets = 2, 1, offsets
	return doc.insert(ignore_permissions=True).name


def at(seconds: float):
	return frozen_at(T0 + timedelta(seconds=seconds))


# ---------------------------------------------------------------- rhythm, mix, surprise


def test_the_earthquake_minute_rings_eight_calls_about_three_incidents_in_its_rhythm(people):
	offsets = sorted(
		int(o)
		for name in QUAKE
		for o in frappe.db.get_value("Training Scenario", name, "call_offsets").split(",")
	)
	assert len(offsets) >= 8 and offsets[-1] <= 60  # 8+ calls within the minute
	session = new_session(people, [people.a], QUAKE)
	with at(0):
		frappe.set_user(people.trainer)
		first = training_api.start_session(session)["calls"]
	assert len(first) == offsets.count(0)
	for second in sorted(set(offsets)):
		with at(second):
			drill.run_due()  # the scheduler's job
		assert len(rung(session)) == sum(1 for o in offsets if o <= second), second
	calls = frappe.get_all(
		"Emergency Call", {"name": ("in", rung(session))}, ["caller_number", "is_exercise", "received_at"]
	)
	assert len({c.caller_number for c in calls}) == 3 and {c.is_exercise for c in calls} == {1}
	assert max(c.received_at for c in calls) - min(c.received_at for c in calls) == timedelta(
		seconds=offsets[-1]
	)


def test_a_random_mix_draws_from_the_chosen_categories_and_difficulties_reproducibly(people):
	wanted = {"category": ("in", ["Rare Event", "Multi-Call"]), "difficulty": "Advanced", "is_active": 1}
	pool = set(frappe.get_all("Training Scenario", filters=wanted, pluck="name"))
	assert len(pool) > 3
	mix = {
		"random_count": 3,
		"random_categories": "Rare Event\nMulti-Call",
		"random_difficulties": "Advanced",
	}
	first = new_session(people, [people.a], **mix)
	with at(0):
		frappe.set_user(people.trainer)
		training_api.start_session(first)
	frappe.set_user("Administrator")
	drawn = frappe.get_all("Exercise Session Scenario", {"parent": first}, pluck="scenario", order_by="idx")
	seed = frappe.db.get_value("Exercise Session", first, "random_seed")
	assert len(drawn) == 3 and set(drawn) <= pool and seed
	again = new_session(people, [people.b], **mix, random_seed=seed)
	# The seed is the drill's record (level 2): a trainer's own is dropped; the stored one redraws.
	assert not frappe.db.get_value("Exercise Session", again, "random_seed")
	frappe.db.set_value("Exercise Session", again, "random_seed", seed)
	with at(0):
		frappe.set_user(people.trainer)
		training_api.start_session(again)
	frappe.set_user("Administrator")
	assert (
		frappe.get_all("Exercise Session Scenario", {"parent": again}, pluck="scenario", order_by="idx")
		== drawn
	)


def test_a_surprise_drill_starts_itself_inside_the_shift_at_its_time(people):
	surprise = new_session(people, [people.a], [FIRE], surprise=1, scheduled_start=T0 + timedelta(minutes=10))
	missed = new_session(people, [people.b], [FIRE], scheduled_start=T0 - timedelta(hours=3))
	with at(9 * 60):
		drill.run_due()
	assert frappe.db.get_value("Exercise Session", surprise, "status") == "Planned"
	with at(10 * 60 + 20):  # the scheduler's first minute after the scheduled start
		drill.run_due()
	assert frappe.db.get_value("Exercise Session", surprise, "status") == "Running"
	[call] = rung(surprise, people.a)
	assert frappe.db.get_value("Emergency Call", call, "is_exercise") == 1
	# one whose time passed long ago (the scheduler was down) does not ring into another shift
	assert frappe.db.get_value("Exercise Session", missed, "status") == "Planned"


# ---------------------------------------------------------------- a live call comes first


def test_a_live_call_pauses_the_drill_for_its_trainee_until_handled(people):
	scenario = two_call_scenario("0, 60")
	session = new_session(people, [people.a, people.b], [scenario])
	with at(0):
		frappe.set_user(people.trainer)
		training_api.start_session(session)
	frappe.set_user("Administrator")
	assert len(rung(session, people.a)) == len(rung(session, people.b)) == 1
	with at(30):  # a real emergency rings at trainee a's desk
		frappe.realtime.clear_realtime_log()
		live = receive(
			{"call_id": unique("live"), "event": "ringing", "caller": random_number(), "agent": people.a}
		)
		published = list(getattr(frappe.local, "_realtime_log", []))
	assert live["notified"] == [people.a]
	assert frappe.db.get_value("Emergency Call", live["call"], "is_exercise") == 0
	row = frappe.db.get_value(
		"Exercise Session Trainee",
		{"parent": session, "trainee": people.a},
		["paused", "paused_by_call"],
		as_dict=True,
	)
	assert row.paused == 1 and row.paused_by_call == live["call"]
	assert not frappe.db.get_value(
		"Exercise Session Trainee", {"parent": session, "trainee": people.b}, "paused"
	)
	# the trainer's console hears of it in the trainer's own room only
	trainer_room = f"user:{people.trainer}"
	assert [room for event, _m, room in published if event == drill.CONSOLE_EVENT] == [trainer_room]
	with at(70):  # the second scripted call is due: it rings for b, waits for a
		drill.run_due()
	assert len(rung(session, people.b)) == 2 and len(rung(session, people.a)) == 1
	state = training_api.console_state(session)
	assert {t["trainee"]: t["paused"] for t in state["trainees"]} == {people.a: 1, people.b: 0}
	with at(100):  # a answers the live call and classifies it: handled, the drill resumes
		frappe.set_user(people.a)
		receive(
			{
				"call_id": frappe.db.get_value("Emergency Call", live["call"], "telephony_call_id"),
				"event": "answered",
				"agent": people.a,
			}
		)
		intake_api.classify(live["call"], "Information Request")
		frappe.set_user("Administrator")
	assert not frappe.db.get_value(
		"Exercise Session Trainee", {"parent": session, "trainee": people.a}, "paused"
	)
	# the waiting call moved later by the 70 s the pause lasted: still the scripted minute after the first
	due_at = frappe.db.get_value(
		"Exercise Result", {"parent": session, "trainee": people.a, "call_no": 2}, "due_at"
	)
	assert due_at == T0 + timedelta(seconds=130)
	with at(120):
		drill.run_due()
	assert len(rung(session, people.a)) == 1
	with at(131):
		drill.run_due()
	assert len(rung(session, people.a)) == 2
	assert (
		frappe.db.get_value(
			"Exercise Session Trainee", {"parent": session, "trainee": people.a}, "paused_seconds"
		)
		== 70
	)


def test_a_live_call_another_operator_takes_resumes_the_trainee(people):
	session = new_session(people, [people.a], [two_call_scenario("0, 60")])
	with at(0):
		frappe.set_user(people.trainer)
		training_api.start_session(session)
	frappe.set_user("Administrator")
	call_id = unique("live")
	with at(10):
		live = receive({"call_id": call_id, "event": "ringing", "caller": random_number(), "agent": people.a})
	assert frappe.db.get_value("Exercise Session Trainee", {"parent": session}, "paused") == 1
	with at(20):  # the PBX hands it to b, who answers
		receive({"call_id": call_id, "event": "answered", "agent": people.b})
	assert frappe.db.get_value("Emergency Call", live["call"], "operator") == people.b
	assert frappe.db.get_value("Exercise Session Trainee", {"parent": session}, "paused") == 0


def test_ending_a_drill_early_leaves_the_unrung_calls_out_of_score_and_record(people):
	session = new_session(people, [people.a], [two_call_scenario("0, 600")])
	with at(0):
		frappe.set_user(people.trainer)
		training_api.start_session(session)
	with at(60):
		results = training_api.end_session(session)["results"]
	frappe.set_user("Administrator")
	assert [bool(r["call"]) for r in results] == [True, False]
	assert results[0]["scored_at"] and not results[1]["scored_at"]
	with at(700):
		drill.run_due()
	assert len(rung(session)) == 1  # an ended drill rings nothing more


# ---------------------------------------------------------------- the trainer's console


def test_the_console_shows_the_script_and_the_trainees_actions_and_rings_due_calls(people):
	session = new_session(people, [people.a], [two_call_scenario("0, 30")])
	with at(0):
		frappe.set_user(people.trainer)
		training_api.start_session(session)
	[call] = rung(session)
	frappe.set_user(people.a)
	with at(5):
		frappe.realtime.clear_realtime_log()
		training_api.answer_call(call)
		intake_api.classify(call, "Prank")
		published = list(getattr(frappe.local, "_realtime_log", []))
	assert {room for event, _m, room in published if event == drill.CONSOLE_EVENT} == {
		f"user:{people.trainer}"
	}
	with pytest.raises(frappe.PermissionError):  # a trainee may not drive the drill
		training_api.tick(session)
	frappe.set_user(people.trainer)
	with at(31):
		state = training_api.tick(session)
	script = state["scripts"][0]
	assert script["steps"][0]["caller_says"].startswith("Tolong! Rumah tetangga terbakar")
	[results] = [t["results"] for t in state["trainees"]]
	assert results[0]["classification"] == "Prank" and results[0]["call_state"] == "Answered"
	assert results[1]["call"]  # the console's tick rang the second call when it was due
	frappe.set_user("Administrator")


# ---------------------------------------------------------------- drills never escalate


def test_a_drill_call_never_escalates_to_real_supervisors_nor_counts(people):
	deactivate_escalation_policies()
	supervisor = make_user([SUPERVISOR])
	make_escalation_policy("Emergency Call", [escalation_level(1, "Call Unanswered", 15, [SUPERVISOR])])
	session = new_session(people, [people.a], [FIRE])
	with at(0):
		frappe.set_user(people.trainer)
		[drill_call] = training_api.start_session(session)["calls"]
		frappe.set_user("Administrator")
		live = receive({"call_id": unique("live"), "event": "ringing", "caller": random_number()})["call"]
	with at(30):
		sweep()
	assert frappe.db.exists("Escalation Log", {"reference_name": live})
	assert not frappe.db.exists("Escalation Log", {"reference_name": drill_call})
	alerted = frappe.get_all(
		"Notification Log", {"for_user": supervisor, "document_type": "Escalation Log"}, pluck="document_name"
	)
	refs = set(frappe.get_all("Escalation Log", {"name": ("in", alerted or [""])}, pluck="reference_name"))
	assert live in refs and drill_call not in refs


# ---------------------------------------------------------------- certificates


def test_a_certificate_about_to_expire_gives_the_operator_and_supervisor_a_todo_once(people):
	supervisor = make_user([SUPERVISOR])
	with at(0):
		soon, later = (
			frappe.get_doc(
				{
					"doctype": "Operator Certificate",
					"operator": people.a,
					"certificate": unique("Sertifikat"),
					"expires_on": (T0 + timedelta(days=days)).date(),
					"supervisor": supervisor,
				}
			).insert(ignore_permissions=True)
			for days in (20, 90)
		)
		reminded = certificates.remind()
		assert soon.name in reminded and later.name not in reminded
		todos = frappe.get_all("ToDo", {"reference_name": soon.name}, ["allocated_to", "status"])
		assert sorted(t.allocated_to for t in todos) == sorted([people.a, supervisor])
		assert certificates.remind() == []  # once
	with at(61 * 86400):  # later comes within 30 days
		assert later.name in certificates.remind()
	assert not frappe.get_all(
		"ToDo", {"reference_name": later.name, "allocated_to": ("not in", [people.a, supervisor])}
	)
	assert pause  # the module the hooks name is importable


# ---------------------------------------------------------------- who is behind


def test_an_operator_who_never_trained_is_behind_the_annual_target(people):
	from ambon_112.training.report.training_record import training_record

	frappe.db.set_single_value("Training Settings", "annual_target_hours", 24)
	rows = {r["operator"]: r for r in training_record.execute({"year": 2043})[1]}
	assert rows[people.a]["hours"] == 0 and rows[people.a]["behind"] == 1
	assert people.trainer not in rows  # not an operator
