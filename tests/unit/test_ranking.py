"""Unit recommendation: fit, jurisdiction, travel time on real Ambon points, reasons."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ambon_112.core.geo import haversine_m
from ambon_112.core.ranking import (
	TIER_AGENCY_TYPE,
	TIER_CAPABILITY,
	TIER_FULL,
	Candidate,
	InvalidRankingSettings,
	Need,
	RankingSettings,
	best_per_agency_type,
	rank_units,
)

# Interior points of real villages (fixtures/ambon_areas.geojson).
BATU_MERAH = (-3.682196, 128.212288)  # Sirimau 81.71.02.2003
GALALA = (-3.665245, 128.200083)  # Sirimau, 2.3 km from Batu Merah
HALONG = (-3.667775, 128.230694)  # Baguala, 2.6 km
HONIPOPU = (-3.695031, 128.178801)  # Sirimau, 4.0 km
POKA = (-3.646759, 128.191067)  # Teluk Ambon, 4.6 km
PASSO = (-3.614237, 128.25371)  # Baguala, 8.8 km
LATUHALAT = (-3.778808, 128.114711)  # Nusaniwe, 15.3 km

SIRIMAU, BAGUALA, NUSANIWE = "81.71.02", "81.71.03", "81.71.01"
NOW = datetime(2026, 3, 1, 3, 0, 0)  # 03:00 WIT, the flood night
FRESH = NOW - timedelta(minutes=2)
DEFAULTS = RankingSettings()

FIRE = Need(
	agency_types=frozenset({"Fire", "Police"}),
	capabilities=frozenset({"Fire Suppression"}),
	lat=BATU_MERAH[0],
	lng=BATU_MERAH[1],
	areas=frozenset({"81.71.02.2003", SIRIMAU}),
)
ENGINE = frozenset({"Fire Suppression", "High-angle Rescue"})
PATROL = frozenset({"Law Enforcement", "Traffic Control"})


def unit(name, position, agency_type="Fire", caps=ENGINE, **kw):
	kw.setdefault("position_at", FRESH)
	return Candidate(
		name=name,
		agency=kw.pop("agency", f"{agency_type} agency"),
		agency_type=agency_type,
		capabilities=caps,
		lat=position[0] if position else None,
		lng=position[1] if position else None,
		**kw,
	)


def names(recs):
	return [r.unit for r in recs]


def codes(rec):
	return [r.code for r in rec.reasons]


def test_nearest_fitting_units_first_on_real_ambon_points():
	units = [
		unit("DAMKAR-PASSO", PASSO),
		unit("DAMKAR-HONIPOPU", HONIPOPU),
		unit("DAMKAR-HALONG", HALONG),
		unit("DAMKAR-POKA", POKA),
	]
	assert names(rank_units(FIRE, units, DEFAULTS, NOW)) == [
		"DAMKAR-HALONG",
		"DAMKAR-HONIPOPU",
		"DAMKAR-POKA",
		"DAMKAR-PASSO",
	]


def test_travel_time_is_great_circle_times_road_factor_over_speed():
	(rec,) = rank_units(FIRE, [unit("E1", HONIPOPU)], RankingSettings(road_factor=1.5, speed_kmh=30), NOW)
	distance = haversine_m(*HONIPOPU, *BATU_MERAH)
	assert rec.distance_m == pytest.approx(distance)
	assert rec.eta_minutes == pytest.approx(distance * 1.5 / 500.0)  # 30 km/h = 500 m/min
	travel = next(r for r in rec.reasons if r.code == "travel")
	assert travel.params == {"km": 4.0, "minutes": round(rec.eta_minutes, 1)}


def test_road_factor_and_speed_change_the_estimate_not_the_order():
	units = [unit("FAR", PASSO), unit("NEAR", GALALA)]
	slow = rank_units(FIRE, units, RankingSettings(road_factor=2.0, speed_kmh=20), NOW)
	fast = rank_units(FIRE, units, RankingSettings(road_factor=1.0, speed_kmh=80), NOW)
	assert names(slow) == names(fast) == ["NEAR", "FAR"]
	assert slow[0].eta_minutes == pytest.approx(fast[0].eta_minutes * 8)


def test_stale_position_costs_minutes_and_can_lose_the_first_place():
	# Galala (2.3 km) reported 40 minutes ago; Halong (2.6 km) reported 2 minutes ago.
	stale = unit("GALALA-STALE", GALALA, position_at=NOW - timedelta(minutes=40))
	fresh = unit("HALONG-FRESH", HALONG)
	ranked = rank_units(FIRE, [stale, fresh], DEFAULTS, NOW)
	assert names(ranked) == ["HALONG-FRESH", "GALALA-STALE"]
	penalised = ranked[1]
	travel = haversine_m(*GALALA, *BATU_MERAH) * 1.4 / (40_000 / 60)
	assert penalised.eta_minutes == pytest.approx(travel + 5)
	reason = next(r for r in penalised.reasons if r.code == "stale_position")
	assert reason.params == {"age_minutes": 40, "penalty": 5.0}
	# Without a penalty the nearer unit wins again.
	no_penalty = RankingSettings(stale_penalty_minutes=0)
	assert names(rank_units(FIRE, [stale, fresh], no_penalty, NOW)) == ["GALALA-STALE", "HALONG-FRESH"]


def test_unit_that_never_reported_a_position_starts_from_home_with_the_penalty():
	home = unit("HOME", None, home_lat=GALALA[0], home_lng=GALALA[1])
	(rec,) = rank_units(FIRE, [home], DEFAULTS, NOW)
	assert rec.eta_minutes == pytest.approx(haversine_m(*GALALA, *BATU_MERAH) * 1.4 / (40_000 / 60) + 5)
	assert "home_base" in codes(rec)


def test_unit_without_any_position_comes_after_located_units():
	ranked = rank_units(FIRE, [unit("LOST", None), unit("FAR", LATUHALAT)], DEFAULTS, NOW)
	assert names(ranked) == ["FAR", "LOST"]
	assert ranked[1].eta_minutes is None and "no_position" in codes(ranked[1])


def test_only_available_active_units_are_recommended():
	units = [
		unit("BUSY", GALALA, status="Dispatched"),
		unit("OFF", GALALA, status="Out of Service"),
		unit("RETIRED", GALALA, is_active=False),
		unit("FREE", PASSO),
	]
	assert names(rank_units(FIRE, units, DEFAULTS, NOW)) == ["FREE"]


def test_fit_tiers_engines_then_named_agency_types_then_capability_only():
	flood_like = Need(
		agency_types=frozenset({"Fire", "Police"}),
		capabilities=frozenset({"Fire Suppression"}),
		lat=BATU_MERAH[0],
		lng=BATU_MERAH[1],
	)
	units = [
		unit("PATROL-NEAR", GALALA, "Police", PATROL),
		unit("ENGINE-FAR", LATUHALAT),
		unit("AIRPORT-TENDER", HALONG, "Other", frozenset({"Fire Suppression"})),
		unit("AMBULANCE", GALALA, "Ambulance / Health", frozenset({"Basic Life Support"})),
	]
	ranked = rank_units(flood_like, units, DEFAULTS, NOW)
	assert names(ranked) == ["ENGINE-FAR", "PATROL-NEAR", "AIRPORT-TENDER"]
	assert [r.tier for r in ranked] == [TIER_FULL, TIER_AGENCY_TYPE, TIER_CAPABILITY]
	assert ranked[0].reasons[0].params == {"agency_type": "Fire", "capabilities": ["Fire Suppression"]}
	assert ranked[1].reasons[0].code == "agency_type_only"
	assert ranked[2].reasons[0].code == "capability_only"


def test_incident_type_without_needs_accepts_every_available_unit_by_distance():
	anything = Need(lat=BATU_MERAH[0], lng=BATU_MERAH[1])
	units = [unit("A", PASSO, "Police", PATROL), unit("B", GALALA, "Fire")]
	assert names(rank_units(anything, units, DEFAULTS, NOW)) == ["B", "A"]


def test_inside_the_jurisdiction_before_a_nearer_unit_outside_it():
	sirimau_only = frozenset({SIRIMAU})
	baguala_only = frozenset({BAGUALA})
	units = [
		unit("BAGUALA-NEAR", HALONG, jurisdiction=baguala_only),  # 2.6 km but not its area
		unit("SIRIMAU-FAR", HONIPOPU, jurisdiction=sirimau_only),  # 4.0 km, its own area
		unit("CITYWIDE", POKA),  # no jurisdiction rows: the whole city
	]
	ranked = rank_units(FIRE, units, DEFAULTS, NOW)
	assert names(ranked) == ["SIRIMAU-FAR", "CITYWIDE", "BAGUALA-NEAR"]
	assert [r.in_jurisdiction for r in ranked] == [True, True, False]
	assert "outside_jurisdiction" in codes(ranked[2]) and "citywide" in codes(ranked[1])


def test_jurisdiction_by_kelurahan_code_also_counts():
	village = frozenset({"81.71.02.2003"})
	(rec,) = rank_units(FIRE, [unit("E", PASSO, jurisdiction=village)], DEFAULTS, NOW)
	assert rec.in_jurisdiction is True and "in_jurisdiction" in codes(rec)


def test_incident_without_location_ranks_by_fit_and_name_and_says_why():
	blind = Need(agency_types=FIRE.agency_types, capabilities=FIRE.capabilities)
	ranked = rank_units(blind, [unit("B", PASSO), unit("A", GALALA)], DEFAULTS, NOW)
	assert names(ranked) == ["A", "B"]
	assert all(r.eta_minutes is None and r.in_jurisdiction is None for r in ranked)
	assert {"incident_not_located", "area_unknown"} <= set(codes(ranked[0]))


def test_best_per_agency_type_keeps_a_patrol_among_many_engines():
	units = [unit(f"ENGINE-{i}", GALALA) for i in range(8)] + [unit("PATROL", PASSO, "Police", PATROL)]
	ranked = rank_units(FIRE, units, DEFAULTS, NOW)
	assert ranked[-1].unit == "PATROL"
	short = best_per_agency_type(ranked, 3)
	assert names(short) == ["ENGINE-0", "ENGINE-1", "ENGINE-2", "PATROL"]


def test_limit_cuts_after_sorting():
	units = [unit("FAR", PASSO), unit("NEAR", GALALA), unit("MID", HONIPOPU)]
	assert names(rank_units(FIRE, units, DEFAULTS, NOW, limit=2)) == ["NEAR", "MID"]


@pytest.mark.parametrize(
	"kwargs",
	[
		{"road_factor": 0.9},
		{"road_factor": float("nan")},
		{"speed_kmh": 0},
		{"speed_kmh": float("inf")},
		{"stale_after_minutes": 0},
		{"stale_penalty_minutes": -1},
	],
)
def test_impossible_settings_are_refused(kwargs):
	with pytest.raises(InvalidRankingSettings) as caught:
		RankingSettings(**kwargs)
	assert caught.value.params["setting"] == next(iter(kwargs))


# ---------------------------------------------------------------- properties

LAT = st.floats(min_value=-3.80, max_value=-3.58)
LNG = st.floats(min_value=128.05, max_value=128.30)
UNITS = st.lists(
	st.builds(
		lambda i, lat, lng, t, age, status: Candidate(
			name=f"U{i:03d}",
			agency="A",
			agency_type=t,
			status=status,
			capabilities=ENGINE if t == "Fire" else PATROL,
			lat=lat,
			lng=lng,
			position_at=NOW - timedelta(minutes=age),
		),
		st.integers(0, 999),
		LAT,
		LNG,
		st.sampled_from(["Fire", "Police", "Water"]),
		st.integers(0, 120),
		st.sampled_from(["Available", "Available", "Dispatched"]),
	),
	max_size=40,
	unique_by=lambda c: c.name,
)


@settings(max_examples=200, deadline=None)
@given(UNITS, LAT, LNG)
def test_ranking_is_sorted_complete_and_deterministic(units, lat, lng):
	need = Need(FIRE.agency_types, FIRE.capabilities, lat, lng)
	ranked = rank_units(need, units, DEFAULTS, NOW)
	keys = [r.sort_key for r in ranked]
	assert keys == sorted(keys)
	expected = {u.name for u in units if u.status == "Available" and u.agency_type in ("Fire", "Police")}
	assert set(names(ranked)) == expected
	assert names(rank_units(need, list(reversed(units)), DEFAULTS, NOW)) == names(ranked)
	for rec in ranked:
		assert rec.eta_minutes >= rec.distance_m * 1.4 / (40_000 / 60) - 1e-9
		assert rec.reasons and rec.reasons[0].code in ("fits", "agency_type_only")


@settings(max_examples=100, deadline=None)
@given(UNITS, st.integers(1, 5))
def test_best_per_agency_type_is_an_ordered_subset_with_the_cap(units, per_type):
	ranked = rank_units(Need(lat=BATU_MERAH[0], lng=BATU_MERAH[1]), units, DEFAULTS, NOW)
	short = best_per_agency_type(ranked, per_type)
	assert [r for r in ranked if r in short] == short
	for agency_type in {r.agency_type for r in ranked}:
		of_type = [r for r in ranked if r.agency_type == agency_type]
		assert [r for r in short if r.agency_type == agency_type] == of_type[:per_type]
