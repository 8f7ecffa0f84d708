"""Durations between the timestamps of a call, an incident and a dispatch."""

from __future__ import annotations

from datetime import datetime


def seconds_between(start: datetime | None, end: datetime | None) -> int | None:
	"""Whole seconds from start to end; None when either is missing.

	A PBX clock a little behind ours can report an end before its start: that is 0 seconds,
	not a negative delay that would corrupt percentiles.
	"""
	if not start or not end:
		return None
	return max(0, int((end - start).total_seconds()))
