"""Turn the Ambon areas GeoJSON (fixtures/ambon_areas.geojson) into Ambon Area records."""

from __future__ import annotations

import json

CITY_CODE = "81.71"
CITY_NAME = "Kota Ambon"
ATTRIBUTION = (
	"Sumber batas wilayah: Badan Informasi Geospasial (BIG), via cahyadsn/wilayah_boundaries (MIT). "
	"Kode dan nama: Kepmendagri No 300.2.2-2138 Tahun 2025, via cahyadsn/wilayah (MIT). "
	"Batas bersifat indikatif."
)
LEVELS = {"kecamatan": "Kecamatan", "kelurahan": "Kelurahan", "desa": "Desa", "negeri": "Negeri"}
CLASSES = {"kecamatan": "Kecamatan", "kelurahan": "Kelurahan", "desa": "Desa"}


def area_records(collection: dict) -> list[dict]:
	"""Records parents-first: the city, its kecamatan, then their villages, each sorted by code."""
	features = collection["features"]
	kecamatan = sorted((f for f in features if f["properties"]["level"] == "kecamatan"), key=_code)
	villages = sorted((f for f in features if f["properties"]["level"] != "kecamatan"), key=_code)
	records = [
		{
			"area_code": CITY_CODE,
			"area_name": CITY_NAME,
			"level": "Kota",
			"kemendagri_class": "Kota",
			"parent_ambon_area": None,
			"is_group": 1,
			"area_km2": round(sum(f["properties"].get("area_km2") or 0 for f in kecamatan), 3),
			"source": ATTRIBUTION,
		}
	]
	records += [_record(f, is_group=1) for f in kecamatan]
	records += [_record(f, is_group=0) for f in villages]
	return records


def _code(feature) -> str:
	return feature["properties"]["code"]


def _record(feature: dict, is_group: int) -> dict:
	p = feature["properties"]
	boundary = {
		"type": "FeatureCollection",
		"features": [{"type": "Feature", "properties": {}, "geometry": feature["geometry"]}],
	}
	return {
		"area_code": p["code"],
		"area_name": p["name"],
		"level": LEVELS[p["level"]],
		"kemendagri_class": CLASSES[p["kemendagri_class"]],
		"parent_ambon_area": p["parent_code"],
		"is_group": is_group,
		"area_km2": p.get("area_km2"),
		"centroid_lat": p["centroid_lat"],
		"centroid_lng": p["centroid_lng"],
		"interior_point_lat": p.get("interior_point_lat"),
		"interior_point_lng": p.get("interior_point_lng"),
		"boundary": json.dumps(boundary, separators=(",", ":")),
		"source": ATTRIBUTION,
	}
