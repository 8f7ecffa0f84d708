"""The daily quality-review sample (core.review_sample)."""

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.review_sample import draw, sample_size

OPERATORS = [f"op{i}@ambon.go.id" for i in range(6)]


def day_of_calls(count: int) -> list[tuple[str, str]]:
	# A skewed day: the first operator takes half of the calls.
	return [(f"CALL-{i:05d}", OPERATORS[0] if i % 2 else OPERATORS[1 + (i // 2) % 5]) for i in range(count)]


def test_sample_size_is_the_share_with_at_least_one():
	assert sample_size(0, 2) == 0
	assert sample_size(1, 2) == 1
	assert sample_size(49, 2) == 1
	assert sample_size(1000, 2) == 20
	assert sample_size(3, 100) == 3


@given(st.integers(1, 3000), st.floats(0.5, 50))
def test_share_within_tolerance(count, share):
	drawn = draw(day_of_calls(count), share, "secret:2026-11-29")
	assert len(drawn) == len(set(drawn)) == sample_size(count, share)
	assert abs(len(drawn) - count * share / 100) <= max(1, 0.5)


def test_same_seed_same_sample_whatever_the_order():
	calls = day_of_calls(500)
	first = draw(calls, 2, "secret:2026-11-29")
	assert draw(list(reversed(calls)), 2, "secret:2026-11-29") == first
	assert draw(calls, 2, "secret:2026-11-30") != first


def test_spread_over_operators():
	calls = day_of_calls(600)  # operator 0 has 300 calls, the five others 60 each
	drawn = draw(calls, 2, "seed")
	operator = dict(calls)
	per_operator = Counter(operator[c] for c in drawn)
	assert set(per_operator) == set(OPERATORS)  # everyone is reviewed
	assert max(per_operator.values()) - min(per_operator.values()) <= 1  # 12 calls over 6 operators: 2 each


def test_calls_without_operator_are_still_sampled():
	assert draw([("CALL-1", None)], 2, "seed") == ["CALL-1"]
