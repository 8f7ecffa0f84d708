"""The drill's rhythm, random mix and pauses (core/drill_plan.py)."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.drill_plan import Candidate, InvalidOffsets, due, parse_offsets, pick_mix, resumed

START = datetime(2026, 11, 30, 8, 0)


def test_offsets_one_per_call_and_empty_rings_all_at_once():
	assert parse_offsets("0, 20 45", 3) == [0, 20, 45]
	assert parse_offsets("", 3) == [0, 0, 0]
	assert parse_offsets(None, 0) == [0]
	for bad, calls in (("0, 20", 3), ("0, x", 2), ("10, 5", 2), ("-1", 1)):
		with pytest.raises(InvalidOffsets):
			parse_offsets(bad, calls)


@given(st.lists(st.integers(0, 3600), min_size=1, max_size=12))
def test_due_times_keep_the_scripted_rhythm(offsets):
	offsets = sorted(offsets)
	times = due(START, parse_offsets(", ".join(map(str, offsets)), len(offsets)))
	assert [(t - START).total_seconds() for t in times] == offsets


@given(st.lists(st.integers(0, 600), min_size=1, max_size=8), st.integers(0, 900))
def test_a_pause_moves_every_waiting_call_by_its_length(offsets, paused_for):
	waiting = due(START, sorted(offsets))
	later = resumed(waiting, START, START + timedelta(seconds=paused_for))
	assert [b - a for a, b in zip(waiting, later, strict=True)] == [timedelta(seconds=paused_for)] * len(
		waiting
	)


LIBRARY = [
	Candidate(f"s{i}", ("Emergency", "Rare Event", "Non-Emergency")[i % 3], ("Basic", "Advanced")[i % 2])
	for i in range(30)
]


@given(st.integers(0, 40), st.text(max_size=10))
def test_the_mix_is_drawn_from_the_wanted_kinds_only_and_reproducible(count, seed):
	mix = pick_mix(LIBRARY, count, ["Emergency", "Rare Event"], ["Advanced"], seed)
	wanted = {c.name for c in LIBRARY if c.category != "Non-Emergency" and c.difficulty == "Advanced"}
	assert set(mix) <= wanted and len(mix) == len(set(mix)) == min(count, len(wanted))
	assert pick_mix(list(reversed(LIBRARY)), count, ["Emergency", "Rare Event"], ["Advanced"], seed) == mix


def test_different_seeds_draw_different_mixes():
	assert len({tuple(pick_mix(LIBRARY, 5, seed=str(s))) for s in range(10)}) > 1
	assert len(pick_mix(LIBRARY, 5)) == 5  # no filter: any scenario
