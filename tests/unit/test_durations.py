import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.durations import clock


@pytest.mark.parametrize(
	"seconds, shown",
	[
		(None, ""),
		(0, "0:00"),
		(7, "0:07"),
		(65, "1:05"),
		(3599, "59:59"),
		(3600, "1:00:00"),
		(3725, "1:02:05"),
		(86_400 + 61, "1d 00:01:01"),
		(-4, "0:00"),  # clamped, as answer delays are
		(12.9, "0:12"),  # whole seconds, never rounded up
	],
)
def test_clock(seconds, shown):
	assert clock(seconds) == shown


@given(st.integers(min_value=0, max_value=10**7))
def test_clock_reads_back_to_the_same_seconds(seconds):
	text = clock(seconds)
	days, _, rest = text.rpartition("d ")
	parts = [int(p) for p in rest.split(":")]
	total = 0
	for part in parts:
		total = total * 60 + part
	assert int(days or 0) * 86_400 + total == seconds
