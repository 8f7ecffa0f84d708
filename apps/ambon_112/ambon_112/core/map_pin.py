"""The map pin of a Frappe Geolocation field (GeoJSON, [lng, lat]) and plain coordinates."""

from __future__ import annotations

import json
import math


def point_of(value) -> tuple[float, float] | None:
	"""(lat, lng) of the last point the operator dropped on the map, or None.

	The field holds a FeatureCollection; the desk map may add features, and only the last
	point counts (the operator moved the pin).
	"""
	if not value:
		return None
	try:
		data = json.loads(value) if isinstance(value, str) else value
	except (TypeError, ValueError):
		return None
	if not isinstance(data, dict):
		return None
	features = data.get("features") if data.get("type") == "FeatureCollection" else [data]
	points = []
	for feature in features or []:
		geometry = feature.get("geometry") if isinstance(feature, dict) else None
		if isinstance(geometry, dict) and geometry.get("type") == "Point":
			coords = geometry.get("coordinates")
			if isinstance(coords, list | tuple) and len(coords) >= 2:
				try:
					lng, lat = float(coords[0]), float(coords[1])
				except (TypeError, ValueError):
					continue
				if math.isfinite(lat) and math.isfinite(lng):
					points.append((lat, lng))
	return points[-1] if points else None


def pin(latitude: float, longitude: float) -> str:
	"""A Geolocation value with one point."""
	return json.dumps(
		{
			"type": "FeatureCollection",
			"features": [
				{
					"type": "Feature",
					"properties": {},
					"geometry": {"type": "Point", "coordinates": [longitude, latitude]},
				}
			],
		},
		separators=(",", ":"),
	)
