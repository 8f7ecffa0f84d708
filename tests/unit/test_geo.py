import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core import geo
from ambon_112.core.errors import InvalidCoordinate

from .conftest import village_areas, villages

LAT_OK = st.floats(min_value=-90, max_value=90)
LNG_OK = st.floats(min_value=-180, max_value=180)
LAT_BAD = st.floats(min_value=90, exclude_min=True) | st.floats(max_value=-90, exclude_max=True)
LNG_BAD = st.floats(min_value=180, exclude_min=True) | st.floats(max_value=-180, exclude_max=True)
POINT = st.tuples(LAT_OK, LNG_OK)

# ---------------------------------------------------------------- validate_coordinates


@given(LAT_OK, LNG_OK)
def test_coordinates_in_range_come_back_as_floats(lat, lng):
	assert geo.validate_coordinates(lat, lng) == (lat, lng)
	assert all(type(v) is float for v in geo.validate_coordinates(str(lat), int(lng)))


@given(LAT_BAD | st.sampled_from([math.nan, math.inf, -math.inf]), LNG_OK)
def test_bad_latitude_is_refused(lat, lng):
	with pytest.raises(InvalidCoordinate):
		geo.validate_coordinates(lat, lng)


@given(LAT_OK, LNG_BAD | st.sampled_from([math.nan, math.inf, -math.inf]))
def test_bad_longitude_is_refused(lat, lng):
	with pytest.raises(InvalidCoordinate):
		geo.validate_coordinates(lat, lng)


@pytest.mark.parametrize(
	"lat, lng",
	[
		(None, 128.1),
		(-3.7, None),
		("", 128.1),
		("abc", 128.1),
		(-3.7, "128,1"),
		([-3.7], 128.1),
		({}, 128.1),
		(-3.7, 1j),
		("nan", 128.1),
		(-3.7, "-inf"),
		# A JSON body may carry an integer too big for a float: still a bad coordinate, not a crash.
		pytest.param(10**400, 128.1, id="int-too-big-for-float"),
	],
)
def test_non_numbers_are_refused(lat, lng):
	with pytest.raises(InvalidCoordinate):
		geo.validate_coordinates(lat, lng)


def test_invalid_coordinate_carries_its_code_and_input():
	with pytest.raises(InvalidCoordinate) as raised:
		geo.validate_coordinates(91, 128)
	assert raised.value.code == "invalid_coordinate"
	assert raised.value.params == {"lat": 91, "lng": 128}


# ---------------------------------------------------------------- haversine


@given(POINT, POINT)
def test_haversine_is_symmetric_and_non_negative(a, b):
	d = geo.haversine_m(*a, *b)
	assert d >= 0
	assert d == pytest.approx(geo.haversine_m(*b, *a), abs=1e-6)
	assert d <= math.pi * geo.EARTH_RADIUS_M + 1e-6


@given(POINT)
def test_haversine_of_a_point_to_itself_is_zero(a):
	assert geo.haversine_m(*a, *a) == 0


@pytest.mark.parametrize("lng", [0.0, 128.18, -75.0])
def test_one_degree_of_latitude_is_about_111_km(lng):
	assert geo.haversine_m(-3.5, lng, -4.5, lng) == pytest.approx(111_195, rel=0.005)


def test_quarter_meridian_and_antipodes():
	assert geo.haversine_m(0, 0, 90, 0) == pytest.approx(10_007_543, rel=0.001)
	assert geo.haversine_m(0, 0, 0, 180) == pytest.approx(math.pi * geo.EARTH_RADIUS_M)


@given(POINT, POINT, POINT)
def test_haversine_triangle_inequality(a, b, c):
	# 1 m of slack: asin loses about 0.1 m of precision near antipodal points.
	assert geo.haversine_m(*a, *c) <= geo.haversine_m(*a, *b) + geo.haversine_m(*b, *c) + 1.0


# ---------------------------------------------------------------- point_in_geometry

# A 10 x 10 square (lng 0..10, lat 0..10) with a 4 x 4 hole in the middle.
SQUARE_WITH_HOLE = {
	"type": "Polygon",
	"coordinates": [
		[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
		[[3, 3], [7, 3], [7, 7], [3, 7], [3, 3]],
	],
}
TWO_SQUARES = {
	"type": "MultiPolygon",
	"coordinates": [
		[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
		[[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]],
	],
}


@pytest.mark.parametrize(
	"lat, lng, inside",
	[
		(1, 1, True),
		(9, 2, True),
		(5, 5, False),  # in the hole
		(5, 8, True),  # right of the hole
		(11, 5, False),
		(5, -1, False),
		(-0.5, 5, False),
	],
)
def test_point_in_polygon_with_hole(lat, lng, inside):
	assert geo.point_in_geometry(lat, lng, SQUARE_WITH_HOLE) is inside


@pytest.mark.parametrize(
	"lat, lng, inside",
	[(0.5, 0.5, True), (5.5, 5.5, True), (3, 3, False), (0.5, 5.5, False), (5.5, 0.5, False)],
)
def test_point_in_multipolygon(lat, lng, inside):
	assert geo.point_in_geometry(lat, lng, TWO_SQUARES) is inside
	# The same geometry wrapped as the FeatureCollection stored on an Ambon Area.
	wrapped = {"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": TWO_SQUARES}]}
	assert geo.point_in_geometry(lat, lng, wrapped) is inside


def test_lat_lng_order_is_not_swapped():
	# A thin rectangle lng 0..10, lat 0..1: (lat 0.5, lng 5) is inside, (lat 5, lng 0.5) is not.
	strip = {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 1], [0, 1], [0, 0]]]}
	assert geo.point_in_geometry(0.5, 5, strip)
	assert not geo.point_in_geometry(5, 0.5, strip)


def test_empty_or_unknown_geometry_contains_nothing():
	assert not geo.point_in_geometry(0.5, 0.5, {})
	assert not geo.point_in_geometry(0.5, 0.5, {"type": "Point", "coordinates": [0.5, 0.5]})


def test_distance_to_boundary():
	# From the centre of the hole, the nearest edges are 2 degrees of longitude away (at latitude 5).
	expected = 2 * 111_195 * math.cos(math.radians(5))
	assert geo.distance_to_boundary_m(5, 5, SQUARE_WITH_HOLE) == pytest.approx(expected, rel=0.001)
	assert geo.distance_to_boundary_m(0, 5, SQUARE_WITH_HOLE) == pytest.approx(0, abs=1e-6)


# ---------------------------------------------------------------- locate, with the real Ambon areas

AMBON_BBOX = (128.066318, -3.794125, 128.301, -3.575303)  # west, south, east, north of the villages


def test_there_are_50_villages(areas):
	assert len(areas) == 50
	assert len({a.code for a in areas}) == 50


@pytest.mark.parametrize("feature", villages(), ids=lambda f: f["properties"]["code"])
def test_every_village_interior_point_resolves_to_that_village(feature, areas):
	p = feature["properties"]
	match = geo.locate(p["interior_point_lat"], p["interior_point_lng"], areas)
	assert (match.code, match.method, match.outside_ambon) == (p["code"], "polygon", False)


def test_pattimura_airport_is_in_laha(areas):
	match = geo.locate(-3.7104, 128.0891, areas)
	assert match == geo.AreaMatch("81.71.04.2007", "polygon", False)


def test_point_in_ambon_bay_falls_back_to_nearest_centroid(areas):
	# Ambon Bay between Wayame (2.1 km north, Teluk Ambon) and Benteng (1.9 km south, Nusaniwe):
	# in no polygon, but close enough to the shore to be Ambon's. Verified against the data.
	lat, lng = -3.685, 128.165
	assert not any(a.contains(lat, lng) for a in areas)
	match = geo.locate(lat, lng, areas)
	assert match.method == "nearest_centroid"
	assert not match.outside_ambon
	nearest = min(areas, key=lambda a: geo.haversine_m(lat, lng, a.centroid_lat, a.centroid_lng))
	assert match.code == nearest.code == "81.71.02.1018"  # Honipopu
	assert 0 < match.distance_m <= geo.DEFAULT_OUTSIDE_MARGIN_M


@pytest.mark.parametrize(
	"lat, lng",
	[(-3.6226, 128.3095), (-6.2, 106.8)],
	ids=["natsepa-maluku-tengah", "jakarta"],
)
def test_points_outside_the_city(lat, lng, areas):
	match = geo.locate(lat, lng, areas)
	assert match.code is None and match.method is None and match.outside_ambon
	assert match.distance_m > geo.DEFAULT_OUTSIDE_MARGIN_M


def test_margin_decides_between_fallback_and_outside(areas):
	# Natsepa beach is about 4.3 km from the nearest village boundary.
	assert geo.locate(-3.6226, 128.3095, areas, outside_margin_m=5000).method == "nearest_centroid"
	assert geo.locate(-3.685, 128.165, areas, outside_margin_m=500).outside_ambon


def test_no_areas_means_outside():
	assert geo.locate(-3.7, 128.18, []) == geo.AreaMatch(None, None, True)


@pytest.mark.parametrize("lat, lng", [(-91, 128.1), (-3.7, 181), ("x", 128.1), (math.nan, 128.1)])
def test_locate_refuses_invalid_coordinates(lat, lng, areas):
	with pytest.raises(InvalidCoordinate):
		geo.locate(lat, lng, areas)


def test_locate_accepts_numeric_strings(areas):
	assert geo.locate("-3.7104", "128.0891", areas).code == "81.71.04.2007"


_AREAS = village_areas()


@given(
	st.floats(min_value=AMBON_BBOX[1], max_value=AMBON_BBOX[3]),
	st.floats(min_value=AMBON_BBOX[0], max_value=AMBON_BBOX[2]),
)
def test_locate_anywhere_in_the_bounding_box_is_consistent(lat, lng):
	match = geo.locate(lat, lng, _AREAS)
	by_code = {a.code: a for a in _AREAS}
	if match.method == "polygon":
		assert by_code[match.code].contains(lat, lng)
		assert not match.outside_ambon
	elif match.method == "nearest_centroid":
		assert not any(a.contains(lat, lng) for a in _AREAS)
		assert not match.outside_ambon
		assert 0 <= match.distance_m <= geo.DEFAULT_OUTSIDE_MARGIN_M
		nearest = min(geo.haversine_m(lat, lng, a.centroid_lat, a.centroid_lng) for a in _AREAS)
		chosen = by_code[match.code]
		assert geo.haversine_m(lat, lng, chosen.centroid_lat, chosen.centroid_lng) == nearest
	else:
		assert match.method is None and match.code is None and match.outside_ambon
		assert not any(a.contains(lat, lng) for a in _AREAS)
		assert match.distance_m > geo.DEFAULT_OUTSIDE_MARGIN_M
