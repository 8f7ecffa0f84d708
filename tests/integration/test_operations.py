"""Round-the-clock operations on a real site, in-process, with frozen time: a shift change drafts the
handover with exactly the open items and its acknowledgement escalates on time; a lost console is
marked and escalated and gets no pop-up; a forgotten sign-off ends after the grace; a shift under
the minimum staffing escalates; the call keeps who took it and where; the roster's rules."""

from datetime import datetime, timedelta

import frappe
import pytest
from frappe.model.workflow import apply_workflow

from ambon_112.core import shifts as core
from ambon_112.escalation.sweep import sweep
from ambon_112.intake import on_duty, telephony
from ambon_112.operations import console, handover, jobs, roster
from ambon_112.roles import OPERATOR, SUPERVISOR
from ambon_112.tests.utils import (
	deactivate_escalation_policies,
	escalation_level,
	frozen_at,
	make_dispatch,
	make_escalation_policy,
	make_incident,
	make_position,
	make_user,
	make_watch,
	random_number,
	walk_incident,
)

# A day no other test uses; the seeded shifts: Pagi 07–14, Siang 14–21, Malam 21–07 (WIT).
DAY = datetime(2031, 3, 10)


def at(hour: int, minute: int = 0, second: int = 0, days: int = 0) -> datetime:
	return DAY + timedelta(days=days, hours=hour, minutes=minute, seconds=second)


@pytest.fixture(autouse=True)
def quiet_centre(site):
	"""Nobody signed on and only this test's policies: each test decides who is where."""
	frappe.db.set_value("Operator Position", {"on_duty": 1}, "on_duty", 0)
	on_duty.clear_roster()
	deactivate_escalation_policies()


def roster_user(user, shift_type, shift_date, position=None, role=core.OPERATOR_ROLE):
	return frappe.get_doc(
		{
			"doctype": "Roster Assignment",
			"user": user,
			"shift_type": shift_type,
			"shift_date": shift_date,
			"position": position,
			"role_in_shift": role,
		}
	).insert(ignore_permissions=True)


def sign_on(user, position=None):
	return on_duty.start_duty(position or make_position(), user).name


def logs(name):
	return frappe.get_all(
		"Escalation Log", filters={"reference_name": name}, fields=["trigger_condition", "level", "fired_at"]
	)


def test_a_shift_change_drafts_the_handover_with_exactly_the_open_items_and_escalates_unacknowledged():
	supervisor, outgoing = make_user([SUPERVISOR]), make_user([SUPERVISOR])
	policy = make_escalation_policy(
		"Shift Handover",
		[escalation_level(1, "Handover Not Acknowledged", 900, roles=[SUPERVISOR])],
		is_active=1,
	).name
	with frozen_at(at(10)):
		roster_user(outgoing, "Pagi", DAY.date(), role=core.SUPERVISOR_ROLE)
		roster_user(supervisor, "Siang", DAY.date(), role=core.SUPERVISOR_ROLE)
		still_open = make_incident(title="Kebakaran rumah", priority="P3")
		closed = make_incident(title="Selesai", priority="P3")
		walk_incident(closed, "Closed")
		p1_closed = make_incident(title="Kecelakaan P1", priority="P1")
		walk_incident(p1_closed, "Closed")
		out = make_dispatch(still_open.name, agency=frappe.get_all("Agency", pluck="name", limit=1)[0])
		watch = make_watch(random_number()).name

	with frozen_at(at(13, 59, 30)):
		jobs.run()
		before = frappe.db.get_value("Shift Handover", {"shift_key": f"{DAY.date()}|Siang"}, "name")
	assert not before, "no handover before the shift changes"

	with frozen_at(at(14, 0, 30)):
		jobs.run()
		jobs.run()  # a second run in the same shift drafts nothing more
	drafts = frappe.get_all("Shift Handover", filters={"shift_key": f"{DAY.date()}|Siang"}, pluck="name")
	assert len(drafts) == 1
	doc = frappe.get_doc("Shift Handover", drafts[0])
	assert (doc.status, doc.previous_shift_type, doc.outgoing_supervisor, doc.incoming_supervisor) == (
		"Draft",
		"Pagi",
		outgoing,
		supervisor,
	)
	items = {(i.section, i.reference_name) for i in doc.items}
	assert (core.INCIDENTS, still_open.name) in items
	assert (core.INCIDENTS, closed.name) not in items and (core.INCIDENTS, p1_closed.name) not in items
	assert (core.EVENTS, p1_closed.name) in items and (core.EVENTS, closed.name) not in items
	assert (core.DISPATCHES, out.name) in items
	assert (core.WATCH_LIST, watch) in items
	# Exactly the open items: every open live incident and dispatch on the site, nothing else.
	open_incidents = set(
		frappe.get_all(
			"Incident",
			filters={
				"status": ("in", ["New", "Triaged", "Dispatched", "On Scene", "Resolved"]),
				"is_exercise": 0,
			},
			pluck="name",
		)
	)
	assert {n for s, n in items if s == core.INCIDENTS} == open_incidents
	age = next(i for i in doc.items if i.reference_name == still_open.name).age_minutes
	assert age == 4 * 60

	with frozen_at(at(14, 14, 59)):
		sweep()
	assert not logs(doc.name)
	with frozen_at(at(14, 15, 0)):
		sweep()
	fired = logs(doc.name)
	assert [(f.trigger_condition, f.level) for f in fired] == [("Handover Not Acknowledged", 1)]
	assert fired[0].fired_at == at(14, 15)
	assert frappe.get_value("Escalation Log", {"reference_name": doc.name}, "policy") == policy

	# Only the incoming supervisor acknowledges; then the condition clears.
	frappe.set_user(outgoing)
	with pytest.raises(frappe.PermissionError):
		handover.acknowledge(doc.name, outgoing)
	frappe.set_user(supervisor)
	with frozen_at(at(14, 20)):
		assert handover.acknowledge(doc.name, supervisor)["status"] == "Acknowledged"
	frappe.set_user("Administrator")
	with frozen_at(at(14, 21)):
		sweep()
	assert frappe.get_value("Escalation Log", {"reference_name": doc.name}, "status") == "Cleared"


def test_a_shift_under_the_minimum_staffing_escalates():
	frappe.db.set_single_value(
		"Ambon 112 Settings", {"min_operators_per_shift": 2, "min_supervisors_per_shift": 1}
	)
	frappe.clear_document_cache("Ambon 112 Settings", "Ambon 112 Settings")
	make_escalation_policy(
		"Shift Handover", [escalation_level(1, "Shift Understaffed", 300, roles=[SUPERVISOR])], is_active=1
	)
	supervisor, first, second = make_user([SUPERVISOR]), make_user([OPERATOR]), make_user([OPERATOR])
	with frozen_at(at(13, 50)):
		roster_user(supervisor, "Siang", DAY.date(), role=core.SUPERVISOR_ROLE)
		sign_on(supervisor)
		sign_on(first)
	with frozen_at(at(14, 0, 30)):
		name = handover.ensure_current()
	doc = frappe.get_doc("Shift Handover", name)
	assert (doc.staffing_status, doc.operators_signed_on, doc.supervisors_signed_on) == ("Short", 1, 1)
	with frozen_at(at(14, 4, 59)):
		sweep()
	assert not logs(name)
	with frozen_at(at(14, 5)):
		sweep()
	assert [f.trigger_condition for f in logs(name)] == ["Shift Understaffed"]
	# The second operator signs on: staffed, and the escalation clears.
	with frozen_at(at(14, 6)):
		sign_on(second)
		jobs.run()
		sweep()
	assert frappe.db.get_value("Shift Handover", name, "staffing_status") == "Staffed"
	assert frappe.get_value("Escalation Log", {"reference_name": name}, "status") == "Cleared"


def test_a_lost_console_is_marked_escalated_and_gets_no_pop_up():
	make_escalation_policy(
		"Operator Position",
		[escalation_level(1, "Console Position Unattended", 0, roles=[SUPERVISOR])],
		is_active=1,
	)
	alive, gone = make_user([OPERATOR]), make_user([OPERATOR])
	with frozen_at(at(9)):
		alive_at, gone_at = sign_on(alive), sign_on(gone)
	with frozen_at(at(9, 0, 40)):
		console.heartbeat(alive)
		assert on_duty.recipients("ringing", None) == sorted([alive, gone])
	with frozen_at(at(9, 0, 45)):
		# 45 s without a heartbeat: lost; the live console alone gets the call.
		assert on_duty.recipients("ringing", None) == [alive]
		jobs.run()
		sweep()
	assert frappe.db.get_value("Operator Position", gone_at, "console_status") == core.LOST
	assert frappe.db.get_value("Operator Position", alive_at, "console_status") == core.LIVE
	assert [f.trigger_condition for f in logs(gone_at)] == ["Console Position Unattended"]
	assert not logs(alive_at)
	# The page is back: live again, the lost period counted on the session.
	with frozen_at(at(9, 2)):
		console.heartbeat(gone)
		jobs.run()
		sweep()
	assert frappe.db.get_value("Operator Position", gone_at, "console_status") == core.LIVE
	session = frappe.get_all(
		"Console Session", filters={"position": gone_at}, fields=["lost_count", "lost_seconds"]
	)[0]
	assert (session.lost_count, session.lost_seconds) == (1, 120)
	assert frappe.get_value("Escalation Log", {"reference_name": gone_at}, "status") == "Cleared"


def test_nobody_live_still_rings_everyone_on_duty():
	user = make_user([OPERATOR])
	with frozen_at(at(9)):
		sign_on(user)
	with frozen_at(at(11)):
		assert user in on_duty.recipients("ringing", None)


def test_a_rostered_position_nobody_signed_on_at_is_unmanned_from_the_shift_start():
	position = make_position()
	roster_user(make_user([OPERATOR]), "Pagi", DAY.date(), position=position)
	with frozen_at(at(6, 59)):
		jobs.run()
	assert frappe.db.get_value("Operator Position", position, "console_status") != core.UNMANNED
	with frozen_at(at(7, 1)):
		jobs.run()
	assert frappe.db.get_value("Operator Position", position, ["console_status", "unattended_since"]) == (
		core.UNMANNED,
		at(7),
	)


def test_a_forgotten_sign_off_ends_after_the_shift_and_the_grace_and_the_operator_is_told():
	user = make_user([OPERATOR])
	position = make_position()
	roster_user(user, "Pagi", DAY.date(), position=position)
	with frozen_at(at(6, 50)):
		sign_on(user, position)
	session = frappe.get_all("Console Session", filters={"user": user}, fields=["name", "shift_ends_at"])[0]
	assert session.shift_ends_at == at(14)
	with frozen_at(at(14, 29, 59)):
		jobs.run()
	assert frappe.db.get_value("Operator Position", position, "on_duty") == 1
	with frozen_at(at(14, 30)):
		jobs.run()
	assert frappe.db.get_value("Operator Position", position, "on_duty") == 0
	assert frappe.db.get_value("Console Session", session.name, ["signed_off_at", "end_reason"]) == (
		at(14, 30),
		console.ENDED_AFTER_SHIFT,
	)
	assert frappe.db.exists("Notification Log", {"for_user": user, "document_name": session.name})


def test_the_call_keeps_the_position_and_operator_that_took_it():
	user, extension = make_user([OPERATOR]), f"8{frappe.generate_hash(length=5)}"
	position = make_position(user, on_duty=1, extension=extension)
	call_id = f"ops-{frappe.generate_hash(length=8)}"
	telephony.receive({"call_id": call_id, "event": "ringing", "caller": random_number()})
	telephony.receive({"call_id": call_id, "event": "answered", "agent": extension})
	call = frappe.db.get_value(
		"Emergency Call", {"telephony_call_id": call_id}, ["taken_by", "taken_at_position"]
	)
	assert call == (user, position)


def test_one_supervisor_per_shift_and_a_bulk_pattern():
	first, second, operator = make_user([SUPERVISOR]), make_user([SUPERVISOR]), make_user([OPERATOR])
	roster_user(first, "Malam", DAY.date(), role=core.SUPERVISOR_ROLE)
	with pytest.raises(roster.RosterError):
		roster_user(second, "Malam", DAY.date(), role=core.SUPERVISOR_ROLE)
	created = roster.assign_pattern(
		operator,
		DAY.date(),
		DAY.date() + timedelta(days=7),
		["Pagi", "Pagi", "Siang", "Siang", "Malam", "Malam", None, None],
	)
	rows = frappe.get_all(
		"Roster Assignment",
		filters={"name": ("in", created)},
		fields=["shift_date", "shift_type", "starts_at", "ends_at"],
		order_by="shift_date",
	)
	assert [r.shift_type for r in rows] == ["Pagi", "Pagi", "Siang", "Siang", "Malam", "Malam"]
	night = rows[-1]
	assert (night.starts_at, night.ends_at) == (at(21, days=5), at(7, days=6))


def test_operators_see_their_own_roster_and_swap_with_a_supervisors_approval():
	me, colleague, supervisor = make_user([OPERATOR]), make_user([OPERATOR]), make_user([SUPERVISOR])
	mine = roster_user(me, "Pagi", DAY.date() + timedelta(days=20)).name
	theirs = roster_user(colleague, "Siang", DAY.date() + timedelta(days=20)).name
	frappe.set_user(me)
	assert frappe.get_list("Roster Assignment", filters={"name": ("in", [mine, theirs])}, pluck="name") == [
		mine
	]
	assert not frappe.has_permission("Roster Assignment", "read", doc=theirs)
	request = frappe.get_doc(
		{"doctype": "Shift Swap Request", "assignment": mine, "replacement": colleague, "status": "Approved"}
	).insert()
	assert request.status == "Draft", "the status follows the workflow, not the client"
	request = apply_workflow(request, "Request")
	with pytest.raises(frappe.ValidationError):
		apply_workflow(request, "Approve")  # an operator cannot approve
	frappe.set_user(supervisor)
	request = frappe.get_doc("Shift Swap Request", request.name)
	request.exchange_assignment = theirs
	request.save()
	apply_workflow(request, "Approve")
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Roster Assignment", mine, "user") == colleague
	assert frappe.db.get_value("Roster Assignment", theirs, "user") == me


def test_the_workload_report_and_who_was_on_shift_in_the_answer_time_report():
	from ambon_112.command_centre.report.call_answer_time import call_answer_time
	from ambon_112.operations.report.operator_workload import operator_workload

	user, extension = make_user([OPERATOR]), f"8{frappe.generate_hash(length=5)}"
	position = make_position(extension=extension)
	day = DAY + timedelta(days=40)
	with frozen_at(day + timedelta(hours=7)):
		on_duty.start_duty(position, user)
	for minute, wait, talk in ((0, 5, 120), (30, 40, 60)):
		received = day + timedelta(hours=8, minutes=minute)
		call_id = f"load-{frappe.generate_hash(length=8)}"
		for kind, offset, extra in (
			("ringing", 0, {"caller": random_number()}),
			("answered", wait, {"agent": extension}),
			("ended", wait + talk, {}),
		):
			at_moment = received + timedelta(seconds=offset)
			with frozen_at(at_moment):
				telephony.receive(
					{
						"call_id": call_id,
						"event": kind,
						"timestamp": at_moment.isoformat() + "+09:00",
						**extra,
					}
				)
	with frozen_at(day + timedelta(hours=9)):
		on_duty.end_duty(user)
	with frozen_at(day + timedelta(hours=9, minutes=30)):
		on_duty.start_duty(position, user)
	with frozen_at(day + timedelta(hours=11)):
		on_duty.end_duty(user)
		filters = {"from_date": str(day.date()), "to_date": str(day.date())}
		_columns, rows, *_ = operator_workload.execute(filters)
		answer_rows = call_answer_time.execute({**filters, "group_by": "Shift"})[1]
	shift = next(r for r in rows if r.get("bold") and r["shift"].endswith("Pagi"))
	assert (shift["calls_answered"], shift["waited_too_long"]) == (2, 1)
	mine = next(r for r in rows if r.get("operator") == user)
	assert (mine["calls_answered"], mine["average_handling_seconds"], mine["signed_on_minutes"]) == (
		2,
		90,
		210,
	)
	assert (mine["breaks"], mine["break_minutes"]) == (1, 30)
	assert mine["calls_per_hour"] == round(2 / 3.5, 2)
	full_name = frappe.db.get_value("User", user, "full_name")
	assert any(full_name in (r.get("on_shift") or "") for r in answer_rows)
