"""What the centre knows about a caller's number, and when to warn the operator.

A number that keeps making prank or silent calls is *flagged*, never blocked: a child playing
with the phone today may be the one calling about a real fire tomorrow. A supervisor may put a
number on a temporary watch or block list; that too only flags the call.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ambon_112.core.call_states import CLASSES, GHOST, PRANK, UNCLASSIFIED

NUISANCE = (PRANK, GHOST)
DEFAULT_NUISANCE_THRESHOLD = 3
DEFAULT_NUISANCE_DAYS = 30
DEFAULT_WATCH_MAX_DAYS = 90  # a watch-list entry expires within a quarter, then is renewed on purpose
# A block entry outranks a watch entry when both are active.
WATCH_SEVERITY = {"Watch": 1, "Block": 2}


@dataclass(frozen=True)
class ClassCount:
	classification: str  # "" for calls not classified yet
	calls: int
	first_call: datetime | None
	last_call: datetime | None
	recent: int = 0  # calls within the look-back period


@dataclass(frozen=True)
class History:
	total: int = 0
	by_class: dict[str, int] = field(default_factory=dict)
	first_call: datetime | None = None
	last_call: datetime | None = None


@dataclass(frozen=True)
class WatchEntry:
	name: str
	list_type: str
	reason: str
	expires_at: datetime


def summarise(rows: Iterable[ClassCount]) -> History:
	"""Counts by class (every class present, zero or not), first and last call."""
	by_class = dict.fromkeys((*CLASSES, UNCLASSIFIED), 0)
	firsts, lasts = [], []
	for row in rows:
		key = row.classification if row.classification in CLASSES else UNCLASSIFIED
		by_class[key] += row.calls
		if row.first_call:
			firsts.append(row.first_call)
		if row.last_call:
			lasts.append(row.last_call)
	return History(sum(by_class.values()), by_class, min(firsts, default=None), max(lasts, default=None))


def with_calls(rows: Iterable[ClassCount], calls: Iterable[ClassCount]) -> list[ClassCount]:
	"""Class counts with more calls added, class by class: counts add, first and last call are the
	earliest and latest of both. So counts read without some calls, plus those calls, are exactly
	the counts read with them (the callback queue reads many numbers at once this way)."""
	merged: dict[str, ClassCount] = {}
	for row in (*rows, *calls):
		seen = merged.get(row.classification)
		merged[row.classification] = (
			ClassCount(
				row.classification,
				seen.calls + row.calls,
				_earliest(seen.first_call, row.first_call),
				_latest(seen.last_call, row.last_call),
				seen.recent + row.recent,
			)
			if seen
			else row
		)
	return list(merged.values())


def _earliest(a: datetime | None, b: datetime | None) -> datetime | None:
	return min((t for t in (a, b) if t), default=None)


def _latest(a: datetime | None, b: datetime | None) -> datetime | None:
	return max((t for t in (a, b) if t), default=None)


def recent_nuisance(rows: Iterable[ClassCount]) -> int:
	"""Prank and silent calls within the look-back period."""
	return sum(row.recent for row in rows if row.classification in NUISANCE)


def is_repeat_nuisance(recent_nuisance_calls: int, threshold: int) -> bool:
	"""A threshold of 0 switches the flag off."""
	return threshold > 0 and recent_nuisance_calls >= threshold


def active_watch(entries: Iterable[WatchEntry], now: datetime) -> WatchEntry | None:
	"""The most severe unexpired entry, the one expiring last among equals."""
	active = [e for e in entries if e.expires_at > now]
	if not active:
		return None
	return max(active, key=lambda e: (WATCH_SEVERITY.get(e.list_type, 0), e.expires_at, e.name))
