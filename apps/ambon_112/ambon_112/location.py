"""Coordinates on documents: validation, the kelurahan they fall in, the outside-Ambon flag."""

import frappe
from frappe import _
from frappe.utils import flt

from ambon_112.core.errors import InvalidCoordinate
from ambon_112.core.geo import Area, AreaMatch, locate, validate_coordinates
from ambon_112.exceptions import InvalidCoordinateError
from ambon_112.settings import setting

AREAS_CACHE_KEY = "ambon112:village_areas"


def village_areas() -> list[Area]:
	"""Every village polygon, cached: the lookup runs on every call and incident save."""
	return frappe.cache.get_value(AREAS_CACHE_KEY, _load_village_areas)


def _load_village_areas() -> list[Area]:
	rows = frappe.get_all(
		"Ambon Area",
		filters={"is_group": 0, "is_active": 1},
		fields=["name", "area_name", "centroid_lat", "centroid_lng", "boundary"],
		order_by="name",
	)
	areas = []
	for row in rows:
		geometry = frappe.parse_json(row.boundary) if row.boundary else {}
		areas.append(Area.build(row.name, row.area_name, row.centroid_lat, row.centroid_lng, geometry or {}))
	return areas


def clear_area_cache(*args, **kwargs):
	frappe.cache.delete_value(AREAS_CACHE_KEY)


def outside_margin_m() -> float:
	return flt(setting("outside_ambon_margin_m"))


def has_coordinates(lat, lng) -> bool:
	# Float fields are 0 when empty, so (0, 0) means "no fix": it is in the Gulf of Guinea anyway.
	return bool(flt(lat) or flt(lng))


def check_coordinates(lat, lng) -> tuple[float, float]:
	"""Validated floats, or a translated error that stops the save."""
	try:
		return validate_coordinates(lat, lng)
	except InvalidCoordinate:
		frappe.throw(
			_(
				"Invalid coordinates ({0}, {1}): latitude must be between -90 and 90 and longitude between -180 and 180."
			).format(lat, lng),
			InvalidCoordinateError,
			title=_("Invalid Coordinates"),
		)


def find_area(lat, lng) -> AreaMatch:
	lat, lng = check_coordinates(lat, lng)
	return locate(lat, lng, village_areas(), outside_margin_m())


def apply_location(doc, area_field="kelurahan", outside_field="outside_ambon"):
	"""Validate ``doc.latitude``/``doc.longitude``; fill the village they fall in and the outside flag.

	Coordinates win over a hand-picked village only when they were just changed, so an
	operator who corrects the village by hand is not overruled on the next save.
	"""
	if not has_coordinates(doc.latitude, doc.longitude):
		if outside_field:
			doc.set(outside_field, 0)
		return
	match = find_area(doc.latitude, doc.longitude)
	if outside_field:
		doc.set(outside_field, int(match.outside_ambon))
	moved = doc.is_new() or doc.has_value_changed("latitude") or doc.has_value_changed("longitude")
	if match.code and (moved or not doc.get(area_field)):
		doc.set(area_field, match.code)
