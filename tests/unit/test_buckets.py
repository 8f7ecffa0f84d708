"""WIT hours, shifts and report periods."""

import itertools
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.buckets import (
	SHIFTS,
	hour_of_day,
	last_hours,
	period_start,
	periods,
	shift_of,
	shift_start,
	to_wit,
)

MOMENTS = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1))
OFFSETS = st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda m: timezone(timedelta(minutes=m)))


@pytest.mark.parametrize(
	"hour, minute, key",
	[
		(7, 0, "07-14"),
		(13, 59, "07-14"),
		(14, 0, "14-21"),
		(20, 59, "14-21"),
		(21, 0, "21-07"),
		(23, 59, "21-07"),
		(0, 0, "21-07"),
		(6, 59, "21-07"),
	],
)
def test_shift_boundaries(hour, minute, key):
	assert shift_of(datetime(2026, 3, 2, hour, minute)).key == key


@given(MOMENTS)
def test_every_moment_falls_in_exactly_one_shift(moment):
	hour = moment.hour
	containing = [
		s
		for s in SHIFTS
		if (s.start_hour <= hour < s.end_hour)
		or (s.start_hour > s.end_hour and (hour >= s.start_hour or hour < s.end_hour))
	]
	assert containing == [shift_of(moment)]


@given(MOMENTS)
def test_a_shift_starts_at_most_10_hours_before_and_never_after(moment):
	start = shift_start(moment)
	assert start <= moment < start + timedelta(hours=10)
	assert start.hour == shift_of(moment).start_hour
	assert shift_of(start) == shift_of(moment)


def test_a_call_at_two_in_the_night_belongs_to_the_previous_evenings_shift():
	assert shift_start(datetime(2026, 3, 2, 2, 0)) == datetime(2026, 3, 1, 21, 0)
	assert shift_start(datetime(2026, 3, 2, 22, 0)) == datetime(2026, 3, 2, 21, 0)


@given(MOMENTS, OFFSETS)
def test_aware_moments_are_bucketed_on_the_wit_clock(moment, offset):
	"""The same instant written in any time zone lands in the same WIT hour and shift."""
	aware = moment.replace(tzinfo=offset)
	wit_clock = (aware.astimezone(timezone.utc) + timedelta(hours=9)).replace(tzinfo=None)
	assert to_wit(aware) == wit_clock
	assert hour_of_day(aware) == wit_clock.hour
	assert shift_of(aware) == shift_of(wit_clock)


def test_utc_midnight_is_nine_in_the_morning_in_ambon():
	assert hour_of_day(datetime(2026, 3, 1, 0, 0, tzinfo=timezone.utc)) == 9
	assert shift_of(datetime(2026, 3, 1, 22, 30, tzinfo=timezone.utc)).key == "07-14"


def test_shift_labels():
	assert [s.label for s in SHIFTS] == ["07–14", "14–21", "21–07"]


@pytest.mark.parametrize(
	"day, interval, expected",
	[
		(date(2026, 3, 4), "Daily", date(2026, 3, 4)),
		(date(2026, 3, 4), "Weekly", date(2026, 3, 2)),  # a Wednesday; weeks start on Monday (Senin)
		(date(2026, 3, 2), "Weekly", date(2026, 3, 2)),
		(date(2026, 3, 31), "Monthly", date(2026, 3, 1)),
		(datetime(2026, 3, 31, 23, 59), "Monthly", date(2026, 3, 1)),
	],
)
def test_period_start(day, interval, expected):
	assert period_start(day, interval) == expected


def test_unknown_interval_is_refused():
	with pytest.raises(ValueError):
		period_start(date(2026, 3, 1), "Hourly")


@given(
	st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)),
	st.integers(min_value=0, max_value=800),
	st.sampled_from(["Daily", "Weekly", "Monthly"]),
)
def test_periods_cover_the_range_once(start, days, interval):
	end = start + timedelta(days=days)
	result = periods(start, end, interval)
	assert result == sorted(set(result))
	covered = {period_start(start + timedelta(days=i), interval) for i in range(days + 1)}
	assert set(result) == covered


def test_last_24_hours_end_with_the_current_hour():
	hours = last_hours(datetime(2026, 3, 2, 3, 17, 5), 24)
	assert len(hours) == 24
	assert hours[-1] == datetime(2026, 3, 2, 3, 0)
	assert hours[0] == datetime(2026, 3, 1, 4, 0)
	assert all(b - a == timedelta(hours=1) for a, b in itertools.pairwise(hours))
