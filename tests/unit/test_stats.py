"""Percentiles and shares, checked against Python's own statistics module."""

import math
import statistics
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.stats import percentile, share, share_within, summarize
from ambon_112.core.targets import NENA_ANSWER, NFPA_PROCESSING

# Answer and response times in whole seconds, as the app stores them, and as floats.
SECONDS = st.lists(st.integers(min_value=0, max_value=7200), min_size=1, max_size=300)
FLOATS = st.lists(
	st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False), min_size=1, max_size=200
)


def reference(values, p):
	"""The same definition computed by the standard library (type 7, 'inclusive')."""
	if len(values) == 1:
		return float(values[0])  # statistics.quantiles needs two points before Python 3.13
	if p == 0:
		return float(min(values))
	if p == 100:
		return float(max(values))
	return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


@given(SECONDS | FLOATS, st.integers(min_value=0, max_value=100))
def test_percentile_agrees_with_the_statistics_module(values, p):
	expected = reference(values, p)
	assert math.isclose(percentile(values, p), expected, rel_tol=1e-9, abs_tol=1e-9)


@given(SECONDS)
def test_percentile_lies_between_the_observed_values_around_its_rank(values):
	ordered = sorted(values)
	for p in (50, 90, 95):
		value = percentile(values, p)
		rank = (len(values) - 1) * p / 100
		assert ordered[math.floor(rank)] <= value <= ordered[math.ceil(rank)]


@given(SECONDS)
def test_percentiles_never_decrease(values):
	p50, p90, p95 = (percentile(values, p) for p in (50, 90, 95))
	assert min(values) <= p50 <= p90 <= p95 <= max(values)


@pytest.mark.parametrize(
	"values, p, expected",
	[
		([10, 20], 50, 15.0),
		([4], 90, 4.0),
		([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90, 9.1),
		([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50, 5.5),
		([3, 1, 2], 50, 2.0),  # unsorted input
		(list(range(1, 21)), 95, 19.05),
	],
)
def test_known_percentiles(values, p, expected):
	assert percentile(values, p) == pytest.approx(expected)


def test_no_values_no_percentile():
	assert percentile([], 90) is None
	assert share_within([], 15) is None
	summary = summarize([], (15,))
	assert summary.count == 0 and summary.p(90) is None and summary.within[15] is None


@pytest.mark.parametrize("p", [-1, 100.5])
def test_percentile_range_is_checked(p):
	with pytest.raises(ValueError):
		percentile([1, 2], p)


@given(SECONDS, st.integers(min_value=0, max_value=7200))
def test_share_within_counts_values_at_or_below_the_threshold(values, threshold):
	expected = Fraction(len([v for v in values if v <= threshold]), len(values))
	assert share_within(values, threshold) == pytest.approx(float(expected))


def test_a_call_answered_in_exactly_15_seconds_is_within_15_seconds():
	assert share_within([15, 16], 15) == 0.5


@given(st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=600)), max_size=100))
def test_summarize_skips_missing_values(values):
	present = [v for v in values if v is not None]
	summary = summarize(values, (15, 20))
	assert summary.count == len(present)
	if present:
		assert summary.p(90) == pytest.approx(reference(present, 90))
		assert summary.within[20] == pytest.approx(len([v for v in present if v <= 20]) / len(present))


def test_share():
	assert share(3, 4) == 0.75
	assert share(0, 0) is None


@pytest.mark.parametrize(
	"within15, within20, met",
	[(90, 95, True), (89, 99, False), (90, 94, False), (95, 95, True), (100, 100, True)],
)
def test_nena_needs_90_percent_in_15_s_and_95_percent_in_20_s(within15, within20, met):
	# 100 calls: `within15` answered in 15 s, up to `within20` in 20 s, the rest in 40 s.
	values = [15] * within15 + [20] * (within20 - within15) + [40] * (100 - within20)
	summary = summarize(values, NENA_ANSWER.thresholds)
	assert NENA_ANSWER.met(summary) is met


def test_nfpa_processing_needs_90_percent_in_60_s():
	assert NFPA_PROCESSING.met(summarize([60] * 9 + [61], NFPA_PROCESSING.thresholds)) is True
	assert NFPA_PROCESSING.met(summarize([60] * 8 + [61] * 2, NFPA_PROCESSING.thresholds)) is False
	assert NFPA_PROCESSING.met(summarize([], NFPA_PROCESSING.thresholds)) is None


def test_a_standard_refuses_a_summary_without_its_thresholds():
	with pytest.raises(ValueError):
		NENA_ANSWER.met(summarize([1, 2], (15,)))
