from datetime import datetime, timedelta, timezone

import pytest

from ambon_112.core.durations import seconds_between

T0 = datetime(2026, 3, 1, 8, 0, 0)


@pytest.mark.parametrize("start, end", [(None, T0), (T0, None), (None, None)])
def test_missing_timestamp_gives_none(start, end):
	assert seconds_between(start, end) is None


@pytest.mark.parametrize(
	"delta, expected",
	[
		(timedelta(0), 0),
		(timedelta(seconds=6), 6),
		(timedelta(seconds=6, milliseconds=999), 6),  # whole seconds, not rounded up
		(timedelta(hours=2, seconds=5), 7205),
		(timedelta(days=1), 86_400),
		(timedelta(seconds=-3), 0),  # a PBX clock running behind: clamped, never negative
		(timedelta(milliseconds=-1), 0),
		(timedelta(days=-2), 0),
	],
)
def test_seconds_between(delta, expected):
	result = seconds_between(T0, T0 + delta)
	assert result == expected
	assert type(result) is int


def test_aware_datetimes_across_time_zones():
	wit = timezone(timedelta(hours=9))  # Ambon is on WIT, UTC+9
	start = datetime(2026, 3, 1, 8, 0, 0, tzinfo=wit)
	end = datetime(2026, 2, 28, 23, 0, 30, tzinfo=timezone.utc)  # 08:00:30 WIT on 1 March
	assert seconds_between(start, end) == 30
