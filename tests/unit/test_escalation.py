"""Escalation timing and policy rules, as pure functions (ambon_112/core/escalation.py)."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ambon_112.core.escalation import (
	CALL,
	DISPATCH,
	INCIDENT,
	TRIGGERS,
	Due,
	Firing,
	Level,
	Scope,
	condition_since,
	due_firings,
	in_scope,
	policy_problems,
	raised_priority,
	triggers_for,
)
from ambon_112.core.incident_states import DISPATCH_STAMPS, INCIDENT_CLOSED, INCIDENT_PROGRESS

T0 = datetime(2026, 3, 1, 3, 0, 0)  # 03:00 WIT, the night of a flood
SUPERVISORS = ("112 Supervisor",)


def ringing(at=T0, **kw):
	return {"name": "CALL-1", "call_state": "Ringing", "received_at": at, "creation": at, **kw}


def level(number=1, trigger="Call Unanswered", delay=15, repeat=0, **kw):
	kw.setdefault("notify_roles", SUPERVISORS)
	return Level(number, trigger, delay, repeat, **kw)


def record(dues: list[Due], at: datetime, acknowledged=False) -> list[Firing]:
	return [Firing(d.level.number, d.repeat, at, acknowledged) for d in dues]


# ---------------------------------------------------------------- triggers


@pytest.mark.parametrize(
	"trigger, item, since",
	[
		("Call Unanswered", ringing(), T0),
		("Call Unanswered", ringing(answered_at=T0), None),
		("Call Unanswered", ringing(call_state="Missed", ended_at=T0), None),
		("Call Not Classified", {"call_state": "Answered", "answered_at": T0}, T0),
		("Call Not Classified", {"call_state": "Ended", "answered_at": T0, "classification": ""}, T0),
		("Call Not Classified", {"call_state": "Ended", "answered_at": T0, "classification": "Prank"}, None),
		("Call Not Classified", {"call_state": "Missed", "ended_at": T0}, None),  # nobody to classify it
		("Incident Not Triaged", {"status": "New", "reported_at": T0}, T0),
		("Incident Not Triaged", {"status": "New", "creation": T0}, T0),
		("Incident Not Triaged", {"status": "Triaged", "reported_at": T0}, None),
		("Incident Not Dispatched", {"status": "Triaged", "reported_at": T0}, T0),
		(
			"Incident Not Dispatched",
			{"status": "New", "reported_at": T0, "first_answered_at": T0 + timedelta(seconds=9)},
			T0 + timedelta(seconds=9),  # "within 60 s of answer": the clock starts at the answer
		),
		("Incident Not Dispatched", {"status": "Triaged", "reported_at": T0, "first_dispatch_at": T0}, None),
		("Incident Not Dispatched", {"status": "Resolved", "reported_at": T0}, None),
		("Incident Open Too Long", {"status": "Resolved", "reported_at": T0}, T0),
		("Incident Open Too Long", {"status": "Closed", "reported_at": T0}, None),
		("Incident Open Too Long", {"status": "False Alarm", "reported_at": T0}, None),
		("Dispatch Not Acknowledged", {"status": "Dispatched", "dispatched_at": T0}, T0),
		("Dispatch Not Acknowledged", {"status": "Acknowledged", "dispatched_at": T0}, None),
		("Unit Not En Route", {"status": "Acknowledged", "dispatched_at": T0}, T0),
		("Unit Not En Route", {"status": "En Route", "dispatched_at": T0}, None),
		("Unit Not En Route", {"status": "On Scene", "dispatched_at": T0}, None),  # skipped en route: fine
		("Unit Not On Scene", {"status": "En Route", "dispatched_at": T0}, T0),
		("Unit Not On Scene", {"status": "On Scene", "dispatched_at": T0}, None),
		("Unit Not On Scene", {"status": "Cancelled", "dispatched_at": T0}, None),
		("No Such Trigger", {"status": "New", "reported_at": T0}, None),
	],
)
def test_trigger_conditions(trigger, item, since):
	assert condition_since(trigger, item) == since


def test_every_kind_of_item_has_its_triggers():
	assert set(triggers_for(CALL)) == {"Call Unanswered", "Call Not Classified"}
	assert set(triggers_for(INCIDENT)) == {
		"Incident Not Triaged",
		"Incident Not Dispatched",
		"Incident Open Too Long",
	}
	assert set(triggers_for(DISPATCH)) == {
		"Dispatch Not Acknowledged",
		"Unit Not En Route",
		"Unit Not On Scene",
	}


STATE_VALUES = {
	"call_state": ("Ringing", "Answered", "Ended", "Missed"),
	"status": (*INCIDENT_PROGRESS, *INCIDENT_CLOSED, *DISPATCH_STAMPS),
}
maybe_time = st.one_of(st.none(), st.just(T0))


@given(
	trigger=st.sampled_from(sorted(TRIGGERS)),
	call_state=st.sampled_from(STATE_VALUES["call_state"]),
	status=st.sampled_from(STATE_VALUES["status"]),
	classification=st.sampled_from(("", None, "Emergency", "Prank")),
	answered_at=maybe_time,
	ended_at=maybe_time,
	first_dispatch_at=maybe_time,
)
def test_a_trigger_holds_only_in_the_states_the_sweep_reads(trigger, **fields):
	"""The sweep reads only rows whose state is in ``states`` (and whose empty_field is empty)."""
	spec = TRIGGERS[trigger]
	item = {"received_at": T0, "reported_at": T0, "dispatched_at": T0, "creation": T0, **fields}
	if condition_since(trigger, item) is not None:
		assert item[spec.state_field] in spec.states
		if spec.empty_field:
			assert not item[spec.empty_field]


# ---------------------------------------------------------------- firing


def test_nothing_before_the_delay_then_the_level_fires_once():
	levels = [level(delay=15)]
	assert due_firings(levels, ringing(), T0 + timedelta(seconds=14)) == []
	(due,) = due_firings(levels, ringing(), T0 + timedelta(seconds=40))
	assert (due.level.number, due.repeat, due.since, due.due_at) == (1, 0, T0, T0 + timedelta(seconds=15))
	fired = record([due], T0 + timedelta(seconds=40))
	assert due_firings(levels, ringing(), T0 + timedelta(hours=5), fired) == []


def test_levels_progress_and_a_late_sweep_fires_each_level_once():
	levels = [level(1, delay=15), level(2, delay=30)]
	assert [d.level.number for d in due_firings(levels, ringing(), T0 + timedelta(seconds=20))] == [1]
	fired = record(due_firings(levels, ringing(), T0 + timedelta(seconds=20)), T0 + timedelta(seconds=20))
	assert [d.level.number for d in due_firings(levels, ringing(), T0 + timedelta(seconds=80), fired)] == [2]
	# A sweep that comes late sees both levels due at once: each fires, once.
	assert [d.level.number for d in due_firings(levels, ringing(), T0 + timedelta(minutes=5))] == [1, 2]


def test_repeat_every_m_minutes_from_the_previous_firing():
	levels = [level(delay=15, repeat=2)]
	fired = record(due_firings(levels, ringing(), T0 + timedelta(seconds=30)), T0 + timedelta(seconds=30))
	assert due_firings(levels, ringing(), T0 + timedelta(seconds=149), fired) == []
	(again,) = due_firings(levels, ringing(), T0 + timedelta(seconds=150), fired)
	assert again.repeat == 1
	# A sweep that was down for an hour sends one reminder, not thirty.
	(late,) = due_firings(levels, ringing(), T0 + timedelta(hours=1), fired)
	assert late.repeat == 1


def test_acknowledgement_stops_the_repeats_of_that_level_and_below():
	levels = [level(1, delay=15, repeat=1), level(2, delay=60, repeat=1)]
	fired = [Firing(1, 0, T0 + timedelta(seconds=20), acknowledged=True)]
	assert due_firings(levels, ringing(), T0 + timedelta(seconds=50), fired) == []
	# The condition lasts: the next level still fires, and repeats until it is acknowledged too.
	(second,) = due_firings(levels, ringing(), T0 + timedelta(seconds=70), fired)
	assert second.level.number == 2
	fired.append(Firing(2, 0, T0 + timedelta(seconds=70)))
	assert [d.level.number for d in due_firings(levels, ringing(), T0 + timedelta(seconds=130), fired)] == [2]
	fired.append(Firing(2, 1, T0 + timedelta(seconds=130), acknowledged=True))
	assert due_firings(levels, ringing(), T0 + timedelta(hours=1), fired) == []


def test_a_higher_level_takes_over_the_repeats():
	levels = [level(1, delay=15, repeat=1), level(2, delay=120, repeat=5)]
	fired = [Firing(1, 0, T0 + timedelta(seconds=20)), Firing(2, 0, T0 + timedelta(seconds=125))]
	assert due_firings(levels, ringing(), T0 + timedelta(seconds=200), fired) == []


def test_escalation_stops_when_the_condition_clears():
	levels = [level(1, delay=15, repeat=1), level(2, delay=60)]
	fired = [Firing(1, 0, T0 + timedelta(seconds=20))]
	answered = ringing(call_state="Answered", answered_at=T0 + timedelta(seconds=25))
	assert due_firings(levels, answered, T0 + timedelta(hours=1), fired) == []


def test_each_level_has_its_own_trigger():
	levels = [
		level(1, "Dispatch Not Acknowledged", 60, notify_agency=True),
		level(2, "Unit Not En Route", 80, notify_agency=True),
	]
	acknowledged = {"status": "Acknowledged", "dispatched_at": T0}
	assert [d.level.number for d in due_firings(levels, acknowledged, T0 + timedelta(seconds=90))] == [2]


@settings(max_examples=200, deadline=None)
@given(
	specs=st.lists(
		st.tuples(st.integers(0, 3600), st.integers(0, 30)), min_size=1, max_size=4, unique_by=lambda s: s[0]
	),
	clears_after=st.one_of(st.none(), st.integers(0, 4 * 3600)),
	ack_level=st.one_of(st.none(), st.integers(1, 4)),
	ack_after=st.integers(0, 4 * 3600),
	start_offset=st.integers(0, 59),
)
def test_a_night_of_sweeps(specs, clears_after, ack_level, ack_after, start_offset):
	"""Sweep every minute for four hours; check every firing against the rules."""
	levels = [level(n, delay=delay, repeat=repeat) for n, (delay, repeat) in enumerate(sorted(specs), 1)]
	since = T0 + timedelta(seconds=start_offset)
	fired: list[Firing] = []
	for minute in range(4 * 60 + 1):
		now = T0 + timedelta(minutes=minute)
		if now < since:
			continue
		elapsed = (now - since).total_seconds()
		item = ringing(at=since)
		if clears_after is not None and elapsed >= clears_after:
			item = ringing(at=since, call_state="Answered", answered_at=now)
		if ack_level and elapsed >= ack_after:
			fired = [
				Firing(f.level, f.repeat, f.fired_at, f.acknowledged or f.level <= ack_level) for f in fired
			]
		due = due_firings(levels, item, now, fired)
		assert due_firings(levels, item, now, [*fired, *record(due, now)]) == []  # idempotent
		for d in due:
			assert clears_after is None or elapsed < clears_after  # nothing after the condition cleared
			assert now >= since + timedelta(seconds=d.level.delay_seconds)
			previous = [f for f in fired if f.level == d.level.number]
			if d.repeat == 0:
				assert not previous
				# Noticed within a minute of becoming due.
				assert now - (since + timedelta(seconds=d.level.delay_seconds)) < timedelta(minutes=1)
			else:
				assert d.level.repeat_minutes > 0
				assert d.repeat == max(f.repeat for f in previous) + 1
				assert now - max(f.fired_at for f in previous) >= timedelta(minutes=d.level.repeat_minutes)
				assert not any(f.acknowledged and f.level >= d.level.number for f in fired)
				assert not any(f.level > d.level.number for f in fired)
		fired += record(due, now)
	keys = [(f.level, f.repeat) for f in fired]
	assert len(keys) == len(set(keys))


# ---------------------------------------------------------------- priority and scope


@pytest.mark.parametrize(
	"before, after", [("P4", "P3"), ("P3", "P2"), ("P2", "P1"), ("P1", "P1"), ("", None)]
)
def test_raise_priority_one_step_never_past_p1(before, after):
	assert raised_priority(before) == after


def test_scope_filters():
	fire_types = frozenset({"Fire"})
	p1_fire_damkar = Scope(
		DISPATCH,
		priorities=frozenset({"P1"}),
		incident_types=fire_types,
		agency="Damkar",
		inside_city_only=True,
	)
	item = {"priority": "P1", "incident_type": "Fire", "agencies": ("Damkar",), "outside_ambon": 0}
	assert in_scope(p1_fire_damkar, DISPATCH, item)
	assert not in_scope(p1_fire_damkar, INCIDENT, item)
	for change in (
		{"priority": "P2"},
		{"incident_type": "Flood"},
		{"agencies": ("Polresta",)},
		{"outside_ambon": 1},
	):
		assert not in_scope(p1_fire_damkar, DISPATCH, {**item, **change}), change
	assert in_scope(Scope(DISPATCH), DISPATCH, {**item, "priority": "P4", "outside_ambon": 1})


# ---------------------------------------------------------------- validation


def codes(scope, levels):
	return sorted((p.code, p.level) for p in policy_problems(scope, levels))


def test_a_sound_policy_has_no_problems():
	levels = [level(1), level(2, delay=30, repeat=1)]
	assert codes(Scope(CALL), levels) == []
	turnout = [level(1, "Dispatch Not Acknowledged", 60, notify_roles=(), notify_agency=True)]
	assert codes(Scope(DISPATCH, priorities=frozenset({"P1"})), turnout) == []


@pytest.mark.parametrize(
	"scope, levels, expected",
	[
		(Scope(CALL), [], [("no_levels", None)]),
		(Scope("ToDo"), [level()], [("applies_to", None)]),
		(Scope(CALL, priorities=frozenset({"P1"})), [level()], [("call_filters", None)]),
		(Scope(CALL), [level(1), level(1)], [("duplicate_level", 1)]),
		(Scope(CALL), [level(0)], [("level_number", 0)]),
		(Scope(CALL), [level(trigger="Unit Not On Scene")], [("trigger_doctype", 1)]),
		(Scope(CALL), [level(trigger="Whatever")], [("unknown_trigger", 1)]),
		(Scope(CALL), [level(delay=-1)], [("negative_delay", 1)]),
		(Scope(CALL), [level(repeat=-5)], [("negative_repeat", 1)]),
		(Scope(CALL), [level(notify_roles=())], [("no_action", 1)]),
		(Scope(CALL), [level(notify_agency=True)], [("call_agency", 1)]),
		(Scope(CALL), [level(raise_priority=True)], [("call_priority", 1)]),
	],
)
def test_policy_problems(scope, levels, expected):
	assert codes(scope, levels) == expected
