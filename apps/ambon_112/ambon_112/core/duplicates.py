"""Is this call about an incident we already have? Rank the open incidents nearby.

During a flood or a big fire dozens of people call about the same thing. Before a new incident
is created the operator sees the open incidents of the same or a related type reported within a
time window and a distance, closest and most recent first, and may link the call instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from ambon_112.core.geo import haversine_m

DEFAULT_RADIUS_M = 500.0
DEFAULT_WINDOW_MINUTES = 60
SAME, RELATED, OTHER = "same", "related", "other"
# A related type counts as if it were this much farther away: same-type incidents rank first.
RELATED_PENALTY = 0.25


@dataclass(frozen=True)
class Candidate:
	name: str
	incident_type: str
	reported_at: datetime
	latitude: float | None = None
	longitude: float | None = None
	kelurahan: str | None = None


@dataclass(frozen=True)
class Match:
	name: str
	relation: str  # same, related or other (when the call's type is not known yet)
	distance_m: float | None  # None when matched by kelurahan only
	minutes_ago: float
	score: float  # lower ranks first


def related_types(incident_type: str, parent_of: dict[str, str | None]) -> set[str]:
	"""The type, its parent group and its siblings in the Incident Type tree."""
	parent = parent_of.get(incident_type)
	related = {incident_type}
	if parent:
		related.add(parent)
		related |= {t for t, p in parent_of.items() if p == parent}
	related |= {t for t, p in parent_of.items() if p == incident_type}  # a group covers its children
	return related


def rank(
	candidates: Iterable[Candidate],
	now: datetime,
	*,
	incident_type: str | None,
	related: set[str] | None = None,
	latitude: float | None = None,
	longitude: float | None = None,
	kelurahan: str | None = None,
	radius_m: float = DEFAULT_RADIUS_M,
	window_minutes: float = DEFAULT_WINDOW_MINUTES,
) -> list[Match]:
	"""Candidates within the window and the radius, best first.

	Without coordinates on either side a candidate in the same kelurahan still counts, ranked as
	if it were at the edge of the radius: the operator decides, but must see it.
	"""
	related = related or ({incident_type} if incident_type else set())
	point = (latitude, longitude) if latitude is not None and longitude is not None else None
	matches = []
	for c in candidates:
		relation = _relation(c.incident_type, incident_type, related)
		if relation is None:
			continue
		minutes = (now - c.reported_at).total_seconds() / 60
		if minutes > window_minutes or minutes < -window_minutes:
			continue
		distance = None
		if point and c.latitude is not None and c.longitude is not None:
			distance = haversine_m(point[0], point[1], c.latitude, c.longitude)
			if distance > radius_m:
				continue
			closeness = distance / radius_m if radius_m else 0.0
		elif kelurahan and c.kelurahan == kelurahan:
			closeness = 1.0
		else:
			continue
		age = abs(minutes) / window_minutes if window_minutes else 0.0
		penalty = 0.0 if relation == SAME else RELATED_PENALTY
		score = round(closeness + age + penalty, 6)
		distance = round(distance, 1) if distance is not None else None
		matches.append(Match(c.name, relation, distance, round(minutes, 1), score))
	return sorted(matches, key=lambda m: (m.score, m.distance_m is None, m.distance_m or 0.0, m.name))


def _relation(candidate_type: str, incident_type: str | None, related: set[str]) -> str | None:
	if not incident_type:
		return OTHER
	if candidate_type == incident_type:
		return SAME
	if candidate_type in related:
		return RELATED
	return None
