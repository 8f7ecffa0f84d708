"""When each call of a drill rings: the scenario's rhythm, the random mix, pauses. No Frappe here.

A scenario's calls ring at offsets (seconds after the drill starts) that the scenario gives, e.g.
the earthquake minute's eight calls about three incidents spread over one minute. A trainee whose
desk a live call reached is paused: their next scripted calls wait, and move later by as long as
the pause lasted, so the rhythm between them is kept.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

# A scheduled (surprise) drill starts at its time, or within this many minutes after (a scheduler
# that was down); one found later than that stays planned rather than ringing into another shift.
START_GRACE_MINUTES = 30


class InvalidOffsets(ValueError):
	"""The offsets text does not give one non-negative, non-decreasing second per call."""


@dataclass(frozen=True)
class Candidate:
	name: str
	category: str | None
	difficulty: str | None


def parse_offsets(text: str | None, calls: int) -> list[int]:
	"""Seconds after the start for each of ``calls`` calls; empty text: every call at 0."""
	calls = max(1, calls or 1)
	parts = [p for p in re.split(r"[\s,;]+", (text or "").strip()) if p]
	if not parts:
		return [0] * calls
	try:
		offsets = [int(p) for p in parts]
	except ValueError:
		raise InvalidOffsets("not whole seconds") from None
	if len(offsets) != calls:
		raise InvalidOffsets("one offset per call")
	if any(o < 0 for o in offsets) or offsets != sorted(offsets):
		raise InvalidOffsets("non-negative and in order")
	return offsets


def pick_mix(
	candidates: Iterable[Candidate],
	count: int,
	categories: Iterable[str] = (),
	difficulties: Iterable[str] = (),
	seed: str = "",
) -> list[str]:
	"""``count`` scenario names drawn without repetition from those of the wanted categories and
	difficulties (any when none is given); the same seed and library draw the same mix."""
	categories, difficulties = set(categories), set(difficulties)
	pool = sorted(
		c.name
		for c in candidates
		if (not categories or c.category in categories) and (not difficulties or c.difficulty in difficulties)
	)
	return random.Random(seed).sample(pool, min(max(0, count), len(pool)))


def due(start: datetime, offsets: Sequence[int]) -> list[datetime]:
	return [start + timedelta(seconds=o) for o in offsets]


def resumed(waiting: Sequence[datetime], paused_since: datetime, now: datetime) -> list[datetime]:
	"""The due times of the calls still waiting, each later by the pause's length."""
	shift = max(timedelta(0), now - paused_since)
	return [d + shift for d in waiting]
