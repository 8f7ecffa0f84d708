from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core import call_states
from ambon_112.core.caller_history import (
	ClassCount,
	WatchEntry,
	active_watch,
	is_repeat_nuisance,
	summarise,
	with_calls,
)
from ambon_112.core.map_pin import pin, point_of

NOW = datetime(2026, 2, 14, 3, 0)


def test_summary_counts_every_class_and_finds_first_and_last_call():
	history = summarise(
		[
			ClassCount("Prank", 2, NOW - timedelta(days=3), NOW - timedelta(days=1)),
			ClassCount("Emergency", 1, NOW - timedelta(days=9), NOW - timedelta(days=9)),
			ClassCount("", 1, NOW, NOW),
		]
	)
	assert history.total == 4
	assert history.by_class["Prank"] == 2 and history.by_class["Unclassified"] == 1
	assert history.by_class["Test"] == 0
	assert (history.first_call, history.last_call) == (NOW - timedelta(days=9), NOW)


def test_empty_history():
	history = summarise([])
	assert history.total == 0 and history.first_call is None


@pytest.mark.parametrize("count, threshold, flagged", [(2, 3, False), (3, 3, True), (9, 0, False)])
def test_repeat_nuisance_threshold(count, threshold, flagged):
	assert is_repeat_nuisance(count, threshold) is flagged


def test_the_most_severe_active_watch_entry_wins_and_expired_ones_are_ignored():
	watch = WatchEntry("W1", "Watch", "sering iseng", NOW + timedelta(days=5))
	block = WatchEntry("W2", "Block", "ancaman", NOW + timedelta(days=1))
	expired = WatchEntry("W3", "Block", "lama", NOW - timedelta(seconds=1))
	assert active_watch([watch, block, expired], NOW) == block
	assert active_watch([watch, expired], NOW) == watch
	assert active_watch([expired], NOW) is None


@pytest.mark.parametrize(
	"classification, has_incident, meaning",
	[
		("Emergency", True, "Escalated"),
		("Emergency", False, None),
		("Prank", False, "Closed"),
		("Test", True, "Closed"),
		("", False, None),
	],
)
def test_where_a_classification_takes_the_call(classification, has_incident, meaning):
	assert call_states.meaning_for_class(classification, has_incident) == meaning


def test_map_pin_round_trip_and_last_point_wins():
	assert point_of(pin(-3.68, 128.21)) == (-3.68, 128.21)
	two = (
		'{"type":"FeatureCollection","features":['
		'{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[128.1,-3.6]}},'
		'{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[128.2,-3.7]}}]}'
	)
	assert point_of(two) == (-3.7, 128.2)


@pytest.mark.parametrize(
	"value",
	[None, "", "not json", "[]", '{"type":"FeatureCollection","features":[]}', '{"type":"Point"}', "42"],
)
def test_map_pin_without_a_point(value):
	assert point_of(value) is None


# ---------------------------------------------------------------- counts of many numbers at once


CALL_ROWS = st.lists(
	st.tuples(
		st.sampled_from(["", "Prank", "Emergency", "Dropped"]),
		st.integers(0, 60).map(lambda days: NOW - timedelta(days=days)),
		st.booleans(),
	),
	max_size=12,
)


def grouped(calls) -> dict[str, tuple]:
	"""What the grouped query gives for ``calls``: per class the count, first, last and recent."""
	out = {}
	for cls, at, recent in calls:
		n, first, last, r = out.get(cls, (0, at, at, 0))
		out[cls] = (n + 1, min(first, at), max(last, at), r + recent)
	return out


def as_dict(rows) -> dict[str, tuple]:
	return {r.classification: (r.calls, r.first_call, r.last_call, r.recent) for r in rows}


@given(CALL_ROWS, CALL_ROWS)
def test_counts_read_without_some_calls_plus_those_calls_are_the_counts_with_them(kept, added):
	rows = [ClassCount(cls, n, first, last, r) for cls, (n, first, last, r) in grouped(kept).items()]
	calls = [ClassCount(cls, 1, at, at, int(recent)) for cls, at, recent in added]
	assert as_dict(with_calls(rows, calls)) == grouped(kept + added)
