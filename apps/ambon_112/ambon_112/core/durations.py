"""Durations: measured between the timestamps of a call, an incident and a dispatch, and shown as a
clock (language-neutral, so a printed report reads the same in id and en)."""

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


def clock(seconds: float | None) -> str:
	"""``m:ss`` under an hour, ``h:mm:ss`` from an hour, ``d hh:mm:ss`` from a day; "" when unknown."""
	if seconds is None:
		return ""
	total = max(0, int(seconds))
	days, rest = divmod(total, 86_400)
	hours, rest = divmod(rest, 3600)
	minutes, secs = divmod(rest, 60)
	if days:
		return f"{days}d {hours:02d}:{minutes:02d}:{secs:02d}"
	if hours:
		return f"{hours}:{minutes:02d}:{secs:02d}"
	return f"{minutes}:{secs:02d}"
