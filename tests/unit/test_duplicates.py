from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.duplicates import Candidate, rank, related_types
from ambon_112.core.geo import haversine_m

NOW = datetime(2026, 2, 14, 3, 0)
# Batu Merah, and points north of it at known distances (1e-3 degree of latitude ≈ 111 m).
CALL = (-3.682196, 128.212288)


def north(metres: float) -> tuple[float, float]:
	return CALL[0] + metres / 111_195, CALL[1]


PARENT_OF = {
	"Natural Disaster": None,
	"Flood": "Natural Disaster",
	"Landslide": "Natural Disaster",
	"Fire": None,
	"Traffic Accident": None,
}


def candidate(name, incident_type="Flood", metres=100, minutes=10, kelurahan=None, located=True):
	lat, lng = north(metres)
	return Candidate(
		name,
		incident_type,
		NOW - timedelta(minutes=minutes),
		lat if located else None,
		lng if located else None,
		kelurahan,
	)


def ranked(candidates, incident_type="Flood", **kwargs):
	kwargs.setdefault("latitude", CALL[0])
	kwargs.setdefault("longitude", CALL[1])
	return rank(
		candidates,
		NOW,
		incident_type=incident_type,
		related=related_types(incident_type, PARENT_OF) if incident_type else None,
		**kwargs,
	)


def test_related_types_are_the_parent_and_the_siblings():
	assert related_types("Flood", PARENT_OF) == {"Flood", "Landslide", "Natural Disaster"}
	assert related_types("Fire", PARENT_OF) == {"Fire"}
	assert related_types("Natural Disaster", PARENT_OF) == {"Natural Disaster", "Flood", "Landslide"}


def test_closer_and_more_recent_rank_first_and_same_type_beats_related():
	matches = ranked(
		[
			candidate("far-old", metres=450, minutes=55),
			candidate("near-new", metres=50, minutes=5),
			candidate("landslide-near", "Landslide", metres=50, minutes=5),
			candidate("near-old", metres=50, minutes=50),
		]
	)
	assert [m.name for m in matches] == ["near-new", "landslide-near", "near-old", "far-old"]
	assert matches[1].relation == "related" and matches[0].relation == "same"
	assert abs(matches[0].distance_m - 50) < 1


def test_outside_radius_window_or_unrelated_type_is_left_out():
	matches = ranked(
		[
			candidate("too-far", metres=600),
			candidate("too-old", minutes=61),
			candidate("fire", "Fire"),
			candidate("ok", metres=499, minutes=59),
		]
	)
	assert [m.name for m in matches] == ["ok"]


def test_radius_and_window_are_configurable():
	c = [candidate("at-800m-90min", metres=800, minutes=90)]
	assert ranked(c) == []
	assert [m.name for m in ranked(c, radius_m=1000, window_minutes=120)] == ["at-800m-90min"]


def test_without_coordinates_the_same_kelurahan_still_counts():
	matches = ranked(
		[
			candidate("same-village", located=False, kelurahan="81.71.02.2003"),
			candidate("elsewhere", located=False),
		],
		latitude=None,
		longitude=None,
		kelurahan="81.71.02.2003",
	)
	assert [(m.name, m.distance_m) for m in matches] == [("same-village", None)]


def test_without_a_type_every_nearby_incident_is_shown():
	matches = ranked([candidate("fire", "Fire"), candidate("flood")], incident_type=None)
	assert {m.name for m in matches} == {"fire", "flood"} and {m.relation for m in matches} == {"other"}


@given(
	st.lists(
		st.tuples(
			st.floats(min_value=0, max_value=2000),
			st.floats(min_value=-30, max_value=200),
			st.sampled_from(list(PARENT_OF)),
		),
		max_size=20,
	)
)
def test_fuzz_every_match_is_within_radius_and_window_and_ranked(specs):
	candidates = [candidate(f"i{n}", t, m, mins) for n, (m, mins, t) in enumerate(specs)]
	matches = ranked(candidates)
	by_name = {c.name: c for c in candidates}
	for m in matches:
		c = by_name[m.name]
		assert haversine_m(CALL[0], CALL[1], c.latitude, c.longitude) <= 500
		assert abs((NOW - c.reported_at).total_seconds()) <= 3600
	assert [m.score for m in matches] == sorted(m.score for m in matches)
