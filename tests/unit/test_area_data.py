import json
from collections import Counter

import pytest

from ambon_112.core.area_data import ATTRIBUTION, CITY_CODE, area_records

from .conftest import load_collection

RECORDS = area_records(load_collection())
BY_CODE = {r["area_code"]: r for r in RECORDS}


def test_56_records_with_unique_codes():
	assert len(RECORDS) == 56
	assert len(BY_CODE) == 56


def test_levels():
	assert Counter(r["level"] for r in RECORDS) == {
		"Kota": 1,
		"Kecamatan": 5,
		"Kelurahan": 20,
		"Desa": 8,
		"Negeri": 22,
	}
	# Every negeri is a desa in the national (Kemendagri) classification.
	assert Counter(r["kemendagri_class"] for r in RECORDS) == {
		"Kota": 1,
		"Kecamatan": 5,
		"Kelurahan": 20,
		"Desa": 30,
	}


def test_the_city_is_the_only_root():
	city = RECORDS[0]
	assert (city["area_code"], city["area_name"], city["level"]) == (CITY_CODE, "Kota Ambon", "Kota")
	assert city["parent_ambon_area"] is None
	assert [r["area_code"] for r in RECORDS if not r["parent_ambon_area"]] == [CITY_CODE]
	assert city["area_km2"] == pytest.approx(236.7, abs=0.5)  # BIG's figure for Kota Ambon


def test_parents_come_before_their_children():
	seen = set()
	for record in RECORDS:
		assert record["parent_ambon_area"] is None or record["parent_ambon_area"] in seen, record["area_code"]
		seen.add(record["area_code"])


def test_hierarchy():
	for record in RECORDS:
		parent = BY_CODE.get(record["parent_ambon_area"])
		if record["level"] == "Kecamatan":
			assert parent["level"] == "Kota"
		elif record["level"] != "Kota":
			assert parent["level"] == "Kecamatan"
			assert record["area_code"].startswith(parent["area_code"] + ".")
		assert record["is_group"] == (record["level"] in ("Kota", "Kecamatan"))


def test_every_area_below_the_city_has_a_boundary_feature_collection():
	for record in RECORDS[1:]:
		boundary = json.loads(record["boundary"])
		assert boundary["type"] == "FeatureCollection"
		(feature,) = boundary["features"]
		assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
		assert record["centroid_lat"] and record["centroid_lng"]
		assert record["interior_point_lat"] and record["interior_point_lng"]


def test_every_record_carries_the_attribution():
	assert "Badan Informasi Geospasial" in ATTRIBUTION
	assert all(r["source"] == ATTRIBUTION for r in RECORDS)


def test_names_follow_the_kemendagri_codes():
	assert BY_CODE["81.71.04.2007"]["area_name"] == "Laha"
	assert BY_CODE["81.71.02"]["area_name"] == "Sirimau"
	# Two names occur twice at different levels: the code, not the name, is the key.
	assert BY_CODE["81.71.01.1006"]["level"] == "Kelurahan"
	assert BY_CODE["81.71.01.2003"]["level"] == "Negeri"
