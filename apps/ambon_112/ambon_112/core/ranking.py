"""Which units to send: available units that fit the incident, nearest by road first.

Plain data in, plain data out. The Frappe layer loads the units, their agencies'
jurisdictions and the settings, and translates the reason codes for the dispatcher.

Order of the result:
1. fit: units whose agency type the incident type names *and* that carry a needed capability
   (tier 0); then units of a named agency type without a needed capability, e.g. a police
   patrol for traffic control at a fire (tier 1); then units of an unnamed agency type that
   carry a needed capability, e.g. a military team able to evacuate in a flood (tier 2);
2. inside the agency's jurisdiction before outside it;
3. estimated minutes to the scene: great-circle distance × road factor / average speed, plus
   a penalty when the unit's position is stale (or only its home base is known);
4. call sign, so that equal units always come out in the same order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from ambon_112.core.errors import CoreError
from ambon_112.core.geo import haversine_m

AVAILABLE = "Available"

TIER_FULL, TIER_AGENCY_TYPE, TIER_CAPABILITY = 0, 1, 2
# The dispatcher sees this many units of each agency type, best first.
DEFAULT_PER_AGENCY_TYPE = 5


class InvalidRankingSettings(CoreError):
	code = "invalid_ranking_settings"


@dataclass(frozen=True)
class RankingSettings:
	# Ambon's roads wind around the bay and up the hills: 1.4 × the straight line is a fair start.
	road_factor: float = 1.4
	speed_kmh: float = 40.0
	stale_after_minutes: float = 15.0
	stale_penalty_minutes: float = 5.0

	def __post_init__(self):
		checks = {
			"road_factor": 1.0 <= self.road_factor <= 5.0,
			"speed_kmh": 1.0 <= self.speed_kmh <= 200.0,
			"stale_after_minutes": self.stale_after_minutes > 0,
			"stale_penalty_minutes": 0 <= self.stale_penalty_minutes <= 240,
		}
		for name, ok in checks.items():
			value = getattr(self, name)
			if not ok or not math.isfinite(value):
				raise InvalidRankingSettings(f"{name} out of range", setting=name, value=value)


@dataclass(frozen=True)
class Need:
	"""What the incident asks for, and where it is."""

	agency_types: frozenset[str] = frozenset()
	capabilities: frozenset[str] = frozenset()
	lat: float | None = None
	lng: float | None = None
	areas: frozenset[str] = frozenset()  # the incident's kelurahan and kecamatan codes

	@property
	def located(self) -> bool:
		return self.lat is not None and self.lng is not None


@dataclass(frozen=True)
class Candidate:
	"""A unit as the ranking sees it."""

	name: str
	agency: str
	agency_type: str | None
	status: str = AVAILABLE
	is_active: bool = True
	capabilities: frozenset[str] = frozenset()
	lat: float | None = None
	lng: float | None = None
	position_at: datetime | None = None
	home_lat: float | None = None
	home_lng: float | None = None
	jurisdiction: frozenset[str] = frozenset()  # the agency's areas; empty means the whole city


@dataclass(frozen=True)
class Reason:
	code: str
	params: dict = field(default_factory=dict, compare=False)


@dataclass
class Recommendation:
	unit: str
	agency: str
	agency_type: str | None
	tier: int
	in_jurisdiction: bool | None  # None when the incident has no known area
	distance_m: float | None
	eta_minutes: float | None  # travel plus stale-position penalty; None without two positions
	# What the reasons are worked out from; kept so that only the units shown pay for them.
	context: tuple = field(default=(), repr=False, compare=False)

	@property
	def sort_key(self) -> tuple:
		return _sort_key(self.tier, self.in_jurisdiction, self.eta_minutes, self.unit)

	@cached_property
	def reasons(self) -> tuple[Reason, ...]:
		need, unit, settings, now = self.context
		return _reasons(
			need, unit, self.tier, self.in_jurisdiction, self.distance_m, self.eta_minutes, settings, now
		)


def _sort_key(tier, in_jurisdiction, eta, name) -> tuple:
	return (tier, in_jurisdiction is False, eta is None, eta or 0.0, name)


def fit_tier(need: Need, unit: Candidate) -> int | None:
	"""The unit's tier for this need, or None when it does not fit at all."""
	type_named = not need.agency_types or unit.agency_type in need.agency_types
	has_capability = not need.capabilities or not need.capabilities.isdisjoint(unit.capabilities)
	if type_named and has_capability:
		return TIER_FULL
	if type_named:
		return TIER_AGENCY_TYPE
	if need.capabilities and has_capability:
		return TIER_CAPABILITY
	return None


def in_jurisdiction(need: Need, unit: Candidate) -> bool | None:
	if not need.areas:
		return None
	if not unit.jurisdiction:
		return True
	return not need.areas.isdisjoint(unit.jurisdiction)


def rank_units(
	need: Need,
	units: Iterable[Candidate],
	settings: RankingSettings,
	now: datetime,
	limit: int | None = None,
) -> list[Recommendation]:
	"""Available, active units that fit ``need``, best first (see the module docstring).

	Each recommendation's ``reasons`` are worked out when first read: the dispatcher sees a few
	units per agency type, and a thousand explanations nobody reads would cost more than the
	ranking itself.
	"""
	metres_per_minute = settings.speed_kmh * 1000.0 / 60.0
	stale_after_s = settings.stale_after_minutes * 60.0
	located = need.located
	scored = []
	for unit in units:
		if unit.status != AVAILABLE or not unit.is_active:
			continue
		tier = fit_tier(need, unit)
		if tier is None:
			continue
		jurisdiction = in_jurisdiction(need, unit)
		distance = eta = None
		origin = _origin(unit) if located else None
		if origin:
			distance = haversine_m(origin[0], origin[1], need.lat, need.lng)
			eta = distance * settings.road_factor / metres_per_minute
			if origin[2] or _age_s(unit.position_at, now) > stale_after_s:
				eta += settings.stale_penalty_minutes
		scored.append(
			(
				_sort_key(tier, jurisdiction, eta, unit.name),
				unit,
				tier,
				jurisdiction,
				distance,
				eta,
			)
		)
	scored.sort(key=lambda row: row[0])
	if limit is not None:
		scored = scored[:limit]
	return [
		Recommendation(
			unit.name,
			unit.agency,
			unit.agency_type,
			tier,
			jurisdiction,
			distance,
			eta,
			(need, unit, settings, now),
		)
		for _key, unit, tier, jurisdiction, distance, eta in scored
	]


def best_per_agency_type(recommendations: list[Recommendation], per_type: int) -> list[Recommendation]:
	"""The first ``per_type`` of each agency type, keeping the overall order.

	A fire needs fire engines *and* a police patrol: without this, a long list of engines
	would push every patrol off the dispatcher's screen.
	"""
	taken: dict[str | None, int] = {}
	kept = []
	for rec in recommendations:
		count = taken.get(rec.agency_type, 0)
		if count < per_type:
			taken[rec.agency_type] = count + 1
			kept.append(rec)
	return kept


def _origin(unit: Candidate) -> tuple[float, float, bool] | None:
	"""Where the unit starts from, and whether that is only its home base."""
	if _known(unit.lat, unit.lng):
		return unit.lat, unit.lng, False
	if _known(unit.home_lat, unit.home_lng):
		return unit.home_lat, unit.home_lng, True
	return None


def _known(lat, lng) -> bool:
	# Frappe stores an empty Float as 0: (0, 0) is "no position", never a place in Ambon.
	return lat is not None and lng is not None and bool(lat or lng)


def _age_s(when: datetime | None, now: datetime) -> float:
	return math.inf if when is None else (now - when).total_seconds()


def _reasons(need, unit, tier, jurisdiction, distance, eta, settings, now) -> tuple[Reason, ...]:
	reasons = []
	matched = sorted(need.capabilities & unit.capabilities)
	if tier == TIER_FULL:
		reasons.append(Reason("fits", {"agency_type": unit.agency_type, "capabilities": matched}))
	elif tier == TIER_AGENCY_TYPE:
		reasons.append(
			Reason(
				"agency_type_only", {"agency_type": unit.agency_type, "missing": sorted(need.capabilities)}
			)
		)
	else:
		reasons.append(Reason("capability_only", {"agency_type": unit.agency_type, "capabilities": matched}))
	if jurisdiction is None:
		reasons.append(Reason("area_unknown"))
	elif not unit.jurisdiction:
		reasons.append(Reason("citywide"))
	else:
		reasons.append(Reason("in_jurisdiction" if jurisdiction else "outside_jurisdiction"))
	origin = _origin(unit)
	if not need.located:
		reasons.append(Reason("incident_not_located"))
	elif origin is None:
		reasons.append(Reason("no_position"))
	else:
		reasons.append(Reason("travel", {"km": round(distance / 1000.0, 1), "minutes": round(eta, 1)}))
		if origin[2]:
			reasons.append(Reason("home_base", {"penalty": settings.stale_penalty_minutes}))
		elif _age_s(unit.position_at, now) > settings.stale_after_minutes * 60.0:
			age = _age_s(unit.position_at, now)
			reasons.append(
				Reason(
					"stale_position",
					{
						"age_minutes": None if math.isinf(age) else int(age // 60),
						"penalty": settings.stale_penalty_minutes,
					},
				)
			)
	return tuple(reasons)
