"""Shift windows across midnight, the lost-heartbeat rule, staffing and the handover's contents."""

from datetime import date, datetime, time, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core import shifts
from ambon_112.core.shifts import (
	DEFAULT_SHIFTS,
	LIVE,
	LOST,
	OFF,
	UNMANNED,
	ShiftType,
	console_state,
	expand_pattern,
	handover_items,
	is_lost,
	occurrence_at,
	previous_occurrence,
	shift_of_sign_on,
	sign_off_due,
	staffing_shortfall,
	supervisor_conflicts,
	window,
)

TYPES = [ShiftType(name, start, end) for name, start, end in DEFAULT_SHIFTS]
moments = st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2030, 12, 31))


def test_the_night_shift_ends_the_next_morning():
	assert window(date(2026, 12, 1), time(21), time(7)) == (
		datetime(2026, 12, 1, 21),
		datetime(2026, 12, 2, 7),
	)
	assert window(date(2026, 12, 1), time(7), time(14)) == (
		datetime(2026, 12, 1, 7),
		datetime(2026, 12, 1, 14),
	)
	assert window(date(2026, 12, 1), time(7), time(7))[1] == datetime(2026, 12, 2, 7)  # a 24-hour shift


def test_at_03_00_the_night_shift_of_the_day_before_runs():
	running = occurrence_at(datetime(2026, 12, 2, 3), TYPES)
	assert (running.shift_type, running.shift_date) == ("Malam", date(2026, 12, 1))
	at_change = occurrence_at(datetime(2026, 12, 2, 7), TYPES)
	assert (at_change.shift_type, at_change.shift_date) == ("Pagi", date(2026, 12, 2))
	assert previous_occurrence(at_change, TYPES).shift_type == "Malam"


@given(moments)
def test_the_three_default_shifts_cover_every_moment_once(moment):
	running = [
		o
		for t in TYPES
		for d in (-1, 0)
		if (o := shifts.occurrence(t, moment.date() + timedelta(d))).contains(moment)
	]
	assert len(running) == 1
	assert occurrence_at(moment, TYPES) == running[0]
	before = previous_occurrence(running[0], TYPES)
	assert before.ends_at == running[0].starts_at


def test_a_gap_between_shifts_has_no_shift():
	assert occurrence_at(datetime(2026, 12, 1, 3), [ShiftType("Pagi", time(7), time(14))]) is None


def test_a_sign_on_just_before_the_shift_belongs_to_it():
	assert shift_of_sign_on(datetime(2026, 12, 1, 6, 45), TYPES).shift_type == "Pagi"
	assert shift_of_sign_on(datetime(2026, 12, 1, 6, 0), TYPES).shift_type == "Malam"


def test_a_forgotten_sign_off_ends_after_the_grace():
	ends = datetime(2026, 12, 1, 14)
	on = datetime(2026, 12, 1, 7)
	assert not sign_off_due(on, ends, ends + timedelta(minutes=29, seconds=59), 30)
	assert sign_off_due(on, ends, ends + timedelta(minutes=30), 30)
	assert not sign_off_due(on, None, on + timedelta(hours=23), 30)


@given(moments, st.integers(min_value=0, max_value=300))
def test_lost_after_45_seconds_without_a_heartbeat(beat, seconds):
	now = beat + timedelta(seconds=seconds)
	assert is_lost(beat, now) is (seconds >= 45)
	state, since = console_state(True, beat, None, now)
	assert (state, since) == ((LOST, beat + timedelta(seconds=45)) if seconds >= 45 else (LIVE, None))
	assert (now - shifts.live_since(now) < timedelta(seconds=45)) and not is_lost(shifts.live_since(now), now)


def test_a_console_never_heard_from_is_lost_and_a_rostered_empty_one_unmanned():
	now = datetime(2026, 12, 1, 8)
	assert is_lost(None, now)
	assert console_state(False, None, datetime(2026, 12, 1, 7), now) == (UNMANNED, datetime(2026, 12, 1, 7))
	assert console_state(False, None, None, now) == (OFF, None)


@given(st.integers(0, 5), st.integers(0, 3), st.integers(0, 5), st.integers(0, 3))
def test_staffing_shortfall(ops, sups, min_ops, min_sups):
	short = staffing_shortfall(ops, sups, min_ops, min_sups)
	assert short.operators == max(0, min_ops - ops) and short.supervisors == max(0, min_sups - sups)
	assert short.short is (ops < min_ops or sups < min_sups)


def test_two_supervisors_in_one_shift_conflict():
	d = date(2026, 12, 1)
	rows = [
		{"shift_type": "Pagi", "shift_date": d, "role_in_shift": "Supervisor"},
		{"shift_type": "Pagi", "shift_date": d, "role_in_shift": "Operator"},
		{"shift_type": "Siang", "shift_date": d, "role_in_shift": "Supervisor"},
	]
	assert supervisor_conflicts(rows) == []
	assert supervisor_conflicts([*rows, dict(rows[0])]) == [("Pagi", d)]


@given(st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 1, 1)), st.integers(0, 60),
	st.lists(st.sampled_from(["Pagi", "Siang", "Malam", None]), min_size=1, max_size=10))  # fmt: skip
def test_a_pattern_repeats_over_the_range(start, days, pattern):
	end = start + timedelta(days=days)
	laid = expand_pattern(start, end, pattern)
	expected = [
		(start + timedelta(i), pattern[i % len(pattern)])
		for i in range(days + 1)
		if pattern[i % len(pattern)]
	]
	assert laid == expected


def test_the_handover_lists_exactly_the_open_items():
	start, now = datetime(2026, 12, 1, 7), datetime(2026, 12, 1, 14)
	incidents = [
		{"name": "INC-1", "status": "Dispatched", "reported_at": datetime(2026, 12, 1, 12), "priority": "P1"},
		{"name": "INC-2", "status": "Closed", "reported_at": datetime(2026, 12, 1, 9), "priority": "P1"},
		{"name": "INC-3", "status": "New", "reported_at": datetime(2026, 11, 30, 22), "priority": "P3"},
		{"name": "INC-4", "status": "Resolved", "reported_at": datetime(2026, 12, 1, 8), "priority": "P2"},
	]
	dispatches = [
		{"name": "DSP-1", "status": "En Route", "dispatched_at": datetime(2026, 12, 1, 13)},
		{"name": "DSP-2", "status": "Cleared", "dispatched_at": datetime(2026, 12, 1, 10)},
	]
	escalations = [
		{"name": "ESC-1", "status": "Open", "fired_at": datetime(2026, 12, 1, 13, 30)},
		{
			"name": "ESC-2",
			"status": "Acknowledged",
			"fired_at": datetime(2026, 12, 1, 13),
			"acknowledged_at": now,
		},
		{"name": "ESC-3", "status": "Cleared", "fired_at": datetime(2026, 12, 1, 12), "cleared_at": now},
	]
	watches = [
		{"name": "W-1", "list_type": "Watch", "modified": datetime(2026, 12, 1, 10)},
		{"name": "W-2", "list_type": "Watch", "modified": datetime(2026, 11, 30, 10)},
	]
	items = handover_items(incidents, dispatches, escalations, watches, start, now)
	assert [(i.section, i.reference_name) for i in items] == [
		(shifts.INCIDENTS, "INC-3"),
		(shifts.INCIDENTS, "INC-4"),
		(shifts.INCIDENTS, "INC-1"),
		(shifts.DISPATCHES, "DSP-1"),
		(shifts.ESCALATIONS, "ESC-1"),
		(shifts.WATCH_LIST, "W-1"),
		(shifts.EVENTS, "INC-2"),
		(shifts.EVENTS, "INC-1"),
	]
	assert items[0].age_minutes == 16 * 60 and items[0].status == "New"


def test_an_operators_load_in_one_shift():
	pagi = shifts.occurrence(TYPES[0], date(2026, 12, 1))
	s = shifts.Session
	sessions = [
		s("ani", datetime(2026, 12, 1, 6, 50), datetime(2026, 12, 1, 10), lost_seconds=60),
		s("ani", datetime(2026, 12, 1, 10, 30), None),
		s("budi", datetime(2026, 12, 1, 7), datetime(2026, 12, 1, 8)),
	]
	c = shifts.AnsweredCall
	calls = [
		c("ani", datetime(2026, 12, 1, 8), datetime(2026, 12, 1, 8, 0, 10), 10, 100),
		c("ani", datetime(2026, 12, 1, 11), datetime(2026, 12, 1, 11, 0, 20), 20, 200),
		c("ani", datetime(2026, 12, 1, 6), datetime(2026, 12, 1, 6, 0, 5), 5, 50),  # the night before
		c(None, datetime(2026, 12, 1, 12), None, 0, 0),  # never answered
	]
	now = datetime(2026, 12, 1, 13)
	load = shifts.operator_load("ani", pagi, sessions, calls, now)
	assert load.calls_answered == 2 and load.average_handling_seconds == 150
	assert load.signed_on_seconds == (3 * 3600) + (2 * 3600 + 30 * 60)
	assert (load.breaks, load.break_seconds) == (2, 30 * 60 + 60)
	assert load.calls_per_hour == round(2 / ((load.signed_on_seconds - 60) / 3600), 2)
	assert shifts.waited_too_long(calls, pagi, 15) == 2
	assert shifts.on_shift_at(datetime(2026, 12, 1, 7, 30), sessions, now) == {"ani", "budi"}
	assert shifts.on_shift_at(datetime(2026, 12, 1, 10, 15), sessions, now) == set()


@given(st.lists(st.tuples(st.integers(0, 600), st.integers(1, 600)), max_size=6))
def test_signed_on_time_never_exceeds_the_shift(spans):
	pagi = shifts.occurrence(TYPES[0], date(2026, 12, 1))
	base = datetime(2026, 12, 1, 5)
	sessions = [
		shifts.Session("ani", base + timedelta(minutes=a), base + timedelta(minutes=a + b)) for a, b in spans
	]
	load = shifts.operator_load("ani", pagi, sessions, [], datetime(2026, 12, 2))
	assert 0 <= load.signed_on_seconds <= sum(b * 60 for _a, b in spans)
	assert load.break_seconds >= 0


@given(
	st.lists(st.integers(0, 24 * 60), max_size=12),
	st.lists(
		st.tuples(st.integers(0, 24 * 60), st.integers(1, 600), st.sampled_from(["ani", "budi", "citra"])),
		max_size=6,
	),
)
def test_on_shift_during_is_the_union_of_on_shift_at(minutes, spans):
	base, now = datetime(2026, 12, 1), datetime(2026, 12, 3)
	moments = sorted(base + timedelta(minutes=m) for m in minutes)
	sessions = [
		shifts.Session(u, base + timedelta(minutes=a), base + timedelta(minutes=a + b)) for a, b, u in spans
	]
	expected = set().union(*(shifts.on_shift_at(m, sessions, now) for m in moments)) if moments else set()
	assert shifts.on_shift_during(moments, sessions, now) == expected
