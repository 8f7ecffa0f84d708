"""Shared data for the layer-1 tests: the real Ambon areas from fixtures/ambon_areas.geojson."""

import json
from pathlib import Path

import pytest

from ambon_112.core.geo import Area

GEOJSON = Path(__file__).resolve().parents[2] / "fixtures" / "ambon_areas.geojson"


def load_collection() -> dict:
	return json.loads(GEOJSON.read_text(encoding="utf-8"))


def villages() -> list[dict]:
	return [f for f in load_collection()["features"] if f["properties"]["level"] != "kecamatan"]


def village_areas() -> list[Area]:
	return [
		Area.build(p["code"], p["name"], p["centroid_lat"], p["centroid_lng"], f["geometry"])
		for f in villages()
		for p in [f["properties"]]
	]


@pytest.fixture(scope="session")
def collection() -> dict:
	return load_collection()


@pytest.fixture(scope="session")
def areas() -> list[Area]:
	return village_areas()
