"""Per-segment response times of an incident (and of one dispatch).

A segment runs from one milestone to the next one that was actually reached: a crew that
arrives without reporting "en route" gives one segment "acknowledged → on scene" that says
which milestone it skipped, instead of two holes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from ambon_112.core.durations import seconds_between

# call received → answered → incident created → first dispatch → acknowledged → en route
# → on scene → resolved → closed
INCIDENT_MILESTONES = (
	"call_received",
	"call_answered",
	"incident_created",
	"first_dispatch",
	"first_acknowledged",
	"first_en_route",
	"first_on_scene",
	"resolved",
	"closed",
)

DISPATCH_MILESTONES = ("dispatched", "acknowledged", "en_route", "on_scene", "cleared")


@dataclass(frozen=True)
class Segment:
	start: str
	end: str
	seconds: int
	skipped: tuple[str, ...] = ()


def segments(
	times: Mapping[str, datetime | None], order: Sequence[str] = INCIDENT_MILESTONES
) -> list[Segment]:
	"""Segments between consecutive reached milestones, in ``order``."""
	reached = [name for name in order if times.get(name)]
	result = []
	for start, end in pairwise(reached):
		between = order[order.index(start) + 1 : order.index(end)]
		result.append(Segment(start, end, seconds_between(times[start], times[end]), tuple(between)))
	return result


def elapsed(times: Mapping[str, datetime | None], order: Sequence[str] = INCIDENT_MILESTONES) -> dict:
	"""Seconds from the first reached milestone to each reached one (None when not reached)."""
	first = next((times[name] for name in order if times.get(name)), None)
	return {name: seconds_between(first, times.get(name)) for name in order}
