"""The call console's server side in process: one save creates the incident and sends the units
under the dispatch's row locks (or refuses both), links instead of creating, the callback queue
and its escalation, and the incident type picker's words."""

from datetime import timedelta

import frappe
import pytest
from frappe.utils import add_to_date, now_datetime

from ambon_112.api import console as api
from ambon_112.console import callbacks, composition
from ambon_112.console.report.callbacks import callbacks as report
from ambon_112.escalation import sweep
from ambon_112.escalation.defaults import DEFAULT_POLICIES
from ambon_112.exceptions import CallbackOutcomeError, UnitNotAvailableError
from ambon_112.intake import call_actions, telephony
from ambon_112.intake.caller_history import history
from ambon_112.roles import AGENCY_STAFF, OPERATOR, VIEWER
from ambon_112.tests.utils import (
	BATU_MERAH,
	counting_queries,
	deactivate_escalation_policies,
	frozen_at,
	make_agency,
	make_call,
	make_dispatch,
	make_incident,
	make_unit,
	make_user,
	make_watch,
	random_number,
)


@pytest.fixture
def operator():
	user = make_user([OPERATOR])
	frappe.set_user(user)
	return user


def answered_call(position=BATU_MERAH, **kwargs):
	return make_call(
		caller_number=random_number(),
		answered_at=now_datetime(),
		latitude=position[0],
		longitude=position[1],
		location_accuracy_m=35,
		location_source="AML",
		**kwargs,
	)


# ---------------------------------------------------------------- one save


def test_one_save_creates_the_incident_from_the_call_and_sends_the_first_recommendation(operator):
	frappe.set_user("Administrator")
	station = make_agency("Fire")
	unit = make_unit(station, position=BATU_MERAH)
	call = answered_call()
	frappe.set_user(operator)
	recommended = api.recommend(call.name, "Fire")["units"]
	assert recommended and recommended[0]["unit"] == unit  # the only free fire unit, next door
	result = api.save_emergency(
		call.name, incident_type="Fire", notes="Rumah terbakar, asap tebal", units=[unit]
	)
	incident = frappe.get_doc("Incident", result["incident"])
	assert (incident.incident_type, incident.priority) == ("Fire", "P1")
	assert incident.kelurahan and incident.latitude == pytest.approx(BATU_MERAH[0])
	assert frappe.db.get_value("Emergency Call", call.name, ["incident", "classification", "notes"]) == (
		incident.name,
		"Emergency",
		"Rumah terbakar, asap tebal",
	)
	assert [d["unit"] for d in result["dispatches"]] == [unit]
	assert frappe.db.get_value("Emergency Unit", unit, "status") != "Available"


def test_a_unit_taken_meanwhile_refuses_the_whole_save_and_the_next_is_offered(operator):
	frappe.set_user("Administrator")
	station = make_agency("Fire")
	first, second = make_unit(station, position=BATU_MERAH), make_unit(station, position=BATU_MERAH)
	call = answered_call()
	make_dispatch(make_incident("Fire").name, unit=first)  # another dispatcher was faster
	incidents = frappe.db.count("Incident")
	frappe.set_user(operator)
	with pytest.raises(UnitNotAvailableError):
		api.save_emergency(call.name, incident_type="Fire", units=[first])
	assert frappe.db.count("Incident") == incidents  # no incident without its dispatch
	assert not frappe.db.get_value("Emergency Call", call.name, "incident")
	offered = [u["unit"] for u in api.recommend(call.name, "Fire")["units"]]
	assert first not in offered and second in offered


def test_an_agency_asked_to_choose_its_own_unit_is_sent_in_the_same_save(operator):
	frappe.set_user("Administrator")
	police = make_agency("Police")
	call = answered_call()
	frappe.set_user(operator)
	result = api.save_emergency(call.name, incident_type="Fight", agencies=[police])
	assert [(d["unit"], d["agency"]) for d in result["dispatches"]] == [(None, police)]
	assert frappe.get_all("Dispatch", filters={"incident": result["incident"]}, pluck="agency") == [police]


def test_linking_to_an_open_incident_nearby_creates_none(operator):
	frappe.set_user("Administrator")
	existing = make_incident("Fire", position=BATU_MERAH).name
	call = answered_call()
	frappe.set_user(operator)
	incidents = frappe.db.count("Incident")
	result = api.save_emergency(call.name, link_to=existing)
	assert result["incident"] == existing and result["linked"]
	assert frappe.db.count("Incident") == incidents
	assert frappe.db.get_value("Emergency Call", call.name, "incident") == existing


def test_a_prank_classified_from_the_console_keeps_the_notes_and_closes_the_call(operator):
	call = answered_call()
	result = api.classify(call.name, "Prank", notes="Anak-anak tertawa")
	assert (result["classification"], result["triage_status"]) == ("Prank", "Closed")
	assert frappe.db.get_value("Emergency Call", call.name, "notes") == "Anak-anak tertawa"


def test_the_type_picker_finds_types_by_callers_words():
	frappe.set_user(make_user([OPERATOR]))
	assert api.incident_types("kebakaran rumah")[0]["name"] == "Fire"
	assert api.incident_types("tabrakan")[0]["name"] == "Traffic Accident"
	assert api.incident_types("pingsan")[0]["name"] == "Medical Emergency"


@pytest.mark.parametrize("roles", [[VIEWER], [AGENCY_STAFF]])
def test_only_call_takers_use_the_console(roles):
	frappe.set_user(make_user(roles))
	with pytest.raises(frappe.PermissionError):
		api.state()


# ---------------------------------------------------------------- the callback queue


def lost_call(number: str, event: str = "missed"):
	call_id = f"cb-{frappe.generate_hash(length=10)}"
	telephony.receive({"call_id": call_id, "event": "ringing", "caller": number})
	return telephony.receive({"call_id": call_id, "event": event})["call"]


def test_a_missed_or_abandoned_pbx_call_becomes_one_callback_task_oldest_first():
	first, second = lost_call(random_number()), lost_call(random_number(), "abandoned")
	lost_call("112")  # a short code cannot be called back
	tasks = [t.call for t in callbacks.open_tasks()]
	assert first in tasks and second in tasks
	assert tasks.index(first) < tasks.index(second)
	assert frappe.db.count("Callback Task", {"call": ("in", [first, second])}) == 2


def queue_of(calls: list[str]) -> tuple[list[dict], int]:
	"""The callback queue of these calls' tasks, and how many queries it took."""
	tasks = frappe.get_all(
		"Callback Task",
		filters={"call": ("in", calls)},
		fields=["name", "call", "caller_number_normalized"],
		order_by="waiting_since asc, name asc",
	)
	with counting_queries() as queries:
		return composition.callback_queue(tasks), len(queries)


def test_the_callback_queue_reads_every_callers_history_at_once_as_each_alone_would():
	repeat, other = random_number(), random_number()
	call_actions.classify(make_call(caller_number=repeat, answered_at=now_datetime()).name, "Prank")
	lost = [lost_call(repeat), lost_call(repeat), lost_call(other), lost_call(repeat)]
	queue, queries = queue_of(lost)
	assert [row["call"] for row in queue] == lost
	for row in queue:
		# Each task's history counts the number's other calls, its own left out.
		assert row["history"] == history(row["caller_number_normalized"], exclude=row["call"])
	assert queue[0]["history"]["total"] == 3 and queue[0]["history"]["by_class"]["Prank"] == 1
	assert queue[2]["history"]["total"] == 0
	# Two queries for the histories whatever the queue's length, not one per task.
	more = lost + [lost_call(random_number()) for _ in range(6)]
	assert queue_of(more)[1] == queries <= 2


def test_a_prank_or_watch_listed_number_is_listed_and_marked():
	number = random_number()
	make_watch(number, reason="Sering iseng")
	call = lost_call(number)
	task = frappe.get_doc("Callback Task", {"call": call})
	assert task.caller_flagged and task.caller_watch and task.status == "Open"


def test_a_task_leaves_the_queue_only_with_a_recorded_outcome(operator):
	frappe.set_user("Administrator")
	call = lost_call(random_number())
	task = frappe.db.get_value("Callback Task", {"call": call}, "name")
	frappe.set_user(operator)
	max_attempts = frappe.db.get_single_value("Ambon 112 Settings", "callback_max_attempts")
	assert max_attempts == 3
	for attempt in range(1, max_attempts):
		result = api.record_callback(task, "No Answer")
		assert (result["status"], result["attempts"]) == ("Open", attempt)
		assert task in [t.name for t in callbacks.open_tasks()]
	result = api.record_callback(task, "No Answer")
	assert (result["status"], result["outcome"]) == ("Done", "Not Reached")
	assert task not in [t.name for t in callbacks.open_tasks()]
	with pytest.raises(CallbackOutcomeError):
		api.record_callback(task, "Reached: Emergency")


def test_the_record_of_a_task_is_not_written_through_a_generic_save(operator):
	frappe.set_user("Administrator")
	task = frappe.db.get_value("Callback Task", {"call": lost_call(random_number())}, "name")
	frappe.set_user(operator)
	doc = frappe.get_doc("Callback Task", task)
	doc.status, doc.outcome, doc.notes = "Done", "Reached: No Emergency", "ditelepon"
	doc.save()
	status, outcome, notes = frappe.db.get_value("Callback Task", task, ["status", "outcome", "notes"])
	assert (status, outcome or None, notes) == ("Open", None, "ditelepon")


def test_a_callback_waiting_too_long_escalates_through_the_seeded_policy():
	deactivate_escalation_policies()
	spec = DEFAULT_POLICIES["callback-waiting-2min"]
	frappe.db.set_value("Escalation Policy", spec["policy_name"], "is_active", 1)
	lost_at = now_datetime().replace(microsecond=0)
	with frozen_at(lost_at):
		call = lost_call(random_number())
	task = frappe.db.get_value("Callback Task", {"call": call}, "name")
	assert frappe.db.get_value("Callback Task", task, "waiting_since") == lost_at
	sweep.sweep(lost_at + timedelta(seconds=100))
	assert not frappe.db.exists("Escalation Log", {"reference_name": task})
	sweep.sweep(lost_at + timedelta(seconds=121))
	log = frappe.db.get_value(
		"Escalation Log",
		{"reference_doctype": "Callback Task", "reference_name": task},
		["level", "trigger_condition", "policy"],
		as_dict=True,
	)
	assert (log.level, log.trigger_condition, log.policy) == (1, "Callback Waiting", spec["policy_name"])
	# Called back: the escalation clears on the next sweep.
	callbacks.record(task, "Reached: No Emergency")
	sweep.sweep(lost_at + timedelta(seconds=200))
	assert frappe.db.get_value("Escalation Log", {"reference_name": task}, "cleared_at")


def test_the_report_counts_callbacks_and_the_time_to_callback():
	lost_at = add_to_date(now_datetime(), minutes=-10).replace(microsecond=0)
	tasks = []
	for seconds in (30, 90):
		with frozen_at(lost_at):
			call = lost_call(random_number())
		tasks.append(frappe.db.get_value("Callback Task", {"call": call}, "name"))
		with frozen_at(lost_at + timedelta(seconds=seconds)):
			callbacks.record(tasks[-1], "Reached: No Emergency")
	_, rows, _, _, summary = report.execute({})
	reached = next(r for r in rows if r["outcome"] == frappe._("Reached: No Emergency"))
	assert reached["tasks"] >= 2 and reached["called_back"] >= 2
	assert frappe.db.get_value("Callback Task", tasks[0], "seconds_to_callback") == 30
	assert frappe.db.get_value("Callback Task", tasks[1], "seconds_to_callback") == 90
	assert {s["label"] for s in summary} >= {frappe._("Callbacks Made")}
