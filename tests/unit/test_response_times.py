"""Per-segment response times: consecutive milestones, skipped ones bridged, never negative."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.response_times import (
	DISPATCH_MILESTONES,
	INCIDENT_MILESTONES,
	Segment,
	elapsed,
	segments,
)

T0 = datetime(2026, 3, 1, 3, 0, 0)


def at(seconds):
	return T0 + timedelta(seconds=seconds)


FULL = {
	"call_received": at(0),
	"call_answered": at(6),
	"incident_created": at(70),
	"first_dispatch": at(95),
	"first_acknowledged": at(130),
	"first_en_route": at(170),
	"first_on_scene": at(560),
	"resolved": at(2900),
	"closed": at(3600),
}


def test_every_segment_of_a_complete_incident():
	assert segments(FULL) == [
		Segment("call_received", "call_answered", 6),
		Segment("call_answered", "incident_created", 64),
		Segment("incident_created", "first_dispatch", 25),
		Segment("first_dispatch", "first_acknowledged", 35),
		Segment("first_acknowledged", "first_en_route", 40),
		Segment("first_en_route", "first_on_scene", 390),
		Segment("first_on_scene", "resolved", 2340),
		Segment("resolved", "closed", 700),
	]


def test_a_skipped_milestone_is_bridged_and_named():
	times = {**FULL, "first_en_route": None}
	assert Segment("first_acknowledged", "first_on_scene", 430, ("first_en_route",)) in segments(times)


def test_an_open_incident_has_segments_up_to_where_it_is():
	times = {k: v for k, v in FULL.items() if k in INCIDENT_MILESTONES[:4]}
	assert [s.end for s in segments(times)] == ["call_answered", "incident_created", "first_dispatch"]
	assert elapsed(times)["first_dispatch"] == 95 and elapsed(times)["first_on_scene"] is None


def test_incident_created_before_its_call_was_linked_counts_zero_not_negative():
	# An operator opened the incident from a radio report; the 112 call came a minute later.
	times = {"incident_created": at(0), "call_received": at(60), "first_dispatch": at(90)}
	assert segments(times)[0] == Segment("call_received", "incident_created", 0, ("call_answered",))


def test_dispatch_milestones_use_the_same_rule():
	times = {"dispatched": at(0), "acknowledged": at(40), "on_scene": at(400), "cleared": at(1800)}
	assert [(s.start, s.end, s.seconds) for s in segments(times, DISPATCH_MILESTONES)] == [
		("dispatched", "acknowledged", 40),
		("acknowledged", "on_scene", 360),
		("on_scene", "cleared", 1400),
	]


@given(
	st.lists(st.integers(0, 100_000), min_size=len(INCIDENT_MILESTONES), max_size=len(INCIDENT_MILESTONES)),
	st.lists(st.booleans(), min_size=len(INCIDENT_MILESTONES), max_size=len(INCIDENT_MILESTONES)),
)
def test_segments_add_up_to_the_total_when_time_runs_forward(gaps, present):
	moments, t = {}, 0
	for name, gap, keep in zip(INCIDENT_MILESTONES, gaps, present, strict=True):
		t += gap
		moments[name] = at(t) if keep else None
	result = segments(moments)
	reached = [moments[n] for n in INCIDENT_MILESTONES if moments[n]]
	assert len(result) == max(0, len(reached) - 1)
	if reached:
		assert sum(s.seconds for s in result) == int((reached[-1] - reached[0]).total_seconds())
	assert all(s.seconds >= 0 for s in result)


@given(st.dictionaries(st.sampled_from(INCIDENT_MILESTONES), st.integers(-(10**6), 10**6).map(at)))
def test_segments_are_never_negative_whatever_the_clocks_say(times):
	assert all(s.seconds >= 0 for s in segments(times))
	assert all(v is None or v >= 0 for v in elapsed(times).values())
