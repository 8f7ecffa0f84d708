"""Coordinates and the Ambon area lookup.

Polygons are GeoJSON geometries in [lng, lat] order (RFC 7946). Distances are metres on a
sphere; at Ambon's size (about 30 km across) the error is far below a GPS fix's.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise

from ambon_112.core.errors import InvalidCoordinate

EARTH_RADIUS_M = 6_371_008.8

# A point that falls in no village polygon but lies this close to one is still "in Ambon":
# the simplified boundaries leave slivers between neighbours and cut the shoreline roughly,
# and a caller on a jetty or a boat in Ambon Bay (at most about 2.5 km from a shore) must not
# be reported as outside the city.
DEFAULT_OUTSIDE_MARGIN_M = 3000.0


def validate_coordinates(lat, lng) -> tuple[float, float]:
	"""Return (lat, lng) as floats, or raise InvalidCoordinate with the reason."""
	try:
		lat_f, lng_f = float(lat), float(lng)
	except (TypeError, ValueError, OverflowError):
		raise InvalidCoordinate("coordinates are not numbers", lat=lat, lng=lng)
	if not (math.isfinite(lat_f) and math.isfinite(lng_f)):
		raise InvalidCoordinate("coordinates are not finite", lat=lat, lng=lng)
	if not -90.0 <= lat_f <= 90.0:
		raise InvalidCoordinate("latitude out of range", lat=lat, lng=lng)
	if not -180.0 <= lng_f <= 180.0:
		raise InvalidCoordinate("longitude out of range", lat=lat, lng=lng)
	return lat_f, lng_f


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
	"""Great-circle distance in metres."""
	p1, p2 = math.radians(lat1), math.radians(lat2)
	dp, dl = p2 - p1, math.radians(lng2 - lng1)
	a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
	return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _polygons(geometry: dict) -> list[list[list[list[float]]]]:
	"""The geometry as a list of polygons (each a list of rings of [lng, lat])."""
	kind = geometry.get("type")
	if kind == "Polygon":
		return [geometry["coordinates"]]
	if kind == "MultiPolygon":
		return list(geometry["coordinates"])
	if kind == "FeatureCollection":
		return [p for f in geometry.get("features", []) for p in _polygons(f.get("geometry") or {})]
	if kind == "Feature":
		return _polygons(geometry.get("geometry") or {})
	return []


def _in_ring(lng: float, lat: float, ring: Sequence[Sequence[float]]) -> bool:
	inside = False
	j = len(ring) - 1
	for i in range(len(ring)):
		xi, yi = ring[i][0], ring[i][1]
		xj, yj = ring[j][0], ring[j][1]
		if (yi > lat) != (yj > lat) and lng < (xj - xi) * (lat - yi) / (yj - yi) + xi:
			inside = not inside
		j = i
	return inside


def point_in_geometry(lat: float, lng: float, geometry: dict) -> bool:
	"""True when the point lies inside the polygon(s), outside their holes."""
	for polygon in _polygons(geometry):
		if polygon and _in_ring(lng, lat, polygon[0]):
			if not any(_in_ring(lng, lat, hole) for hole in polygon[1:]):
				return True
	return False


def distance_to_boundary_m(lat: float, lng: float, geometry: dict) -> float:
	"""Shortest distance in metres from the point to any edge of the geometry."""
	# Local equirectangular projection centred on the point: exact enough within tens of km.
	kx = math.radians(1) * EARTH_RADIUS_M * math.cos(math.radians(lat))
	ky = math.radians(1) * EARTH_RADIUS_M
	best = math.inf
	for polygon in _polygons(geometry):
		for ring in polygon:
			for (x1, y1), (x2, y2) in pairwise(ring):
				ax, ay = (x1 - lng) * kx, (y1 - lat) * ky
				bx, by = (x2 - lng) * kx, (y2 - lat) * ky
				dx, dy = bx - ax, by - ay
				seg = dx * dx + dy * dy
				t = 0.0 if seg == 0 else max(0.0, min(1.0, -(ax * dx + ay * dy) / seg))
				best = min(best, math.hypot(ax + t * dx, ay + t * dy))
	return best


@dataclass(frozen=True)
class Area:
	"""One village (kelurahan/desa/negeri) with the geometry the lookup needs."""

	code: str
	name: str
	centroid_lat: float
	centroid_lng: float
	geometry: dict
	bbox: tuple[float, float, float, float] = field(default=(0.0, 0.0, 0.0, 0.0), compare=False)

	@classmethod
	def build(cls, code, name, centroid_lat, centroid_lng, geometry) -> Area:
		points = [pt for poly in _polygons(geometry) for ring in poly for pt in ring]
		if points:
			lngs, lats = [p[0] for p in points], [p[1] for p in points]
			bbox = (min(lngs), min(lats), max(lngs), max(lats))
		else:
			bbox = (centroid_lng, centroid_lat, centroid_lng, centroid_lat)
		return cls(code, name, float(centroid_lat), float(centroid_lng), geometry, bbox)

	def contains(self, lat: float, lng: float) -> bool:
		west, south, east, north = self.bbox
		return west <= lng <= east and south <= lat <= north and point_in_geometry(lat, lng, self.geometry)


@dataclass(frozen=True)
class AreaMatch:
	"""The result of a lookup: which village, how it was found, and whether it is outside Ambon."""

	code: str | None
	method: str | None  # "polygon", "nearest_centroid" or None
	outside_ambon: bool
	distance_m: float = 0.0  # from the point to the nearest village boundary (0 inside a polygon)


def locate(lat, lng, areas: Iterable[Area], outside_margin_m: float = DEFAULT_OUTSIDE_MARGIN_M) -> AreaMatch:
	"""Find the village a point lies in.

	Point in polygon first; a point in no polygon but within ``outside_margin_m`` of one
	falls back to the nearest village centroid; anything farther is outside Ambon and gets
	no village. Raises InvalidCoordinate for impossible coordinates.
	"""
	lat, lng = validate_coordinates(lat, lng)
	areas = list(areas)
	for area in areas:
		if area.contains(lat, lng):
			return AreaMatch(area.code, "polygon", False)
	if not areas:
		return AreaMatch(None, None, True)
	nearest_edge = min(distance_to_boundary_m(lat, lng, a.geometry) for a in areas)
	if nearest_edge > outside_margin_m:
		return AreaMatch(None, None, True, round(nearest_edge, 1))
	nearest = min(areas, key=lambda a: haversine_m(lat, lng, a.centroid_lat, a.centroid_lng))
	return AreaMatch(nearest.code, "nearest_centroid", False, round(nearest_edge, 1))
