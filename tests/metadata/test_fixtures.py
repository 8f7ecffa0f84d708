import functools
import json

import pytest

from ambon_112.core import geo
from ambon_112.core.incident_states import PRIORITIES

from .conftest import APP_PACKAGE, FIXTURES, load_doctypes

APP_ROLES = {
	"112 Trainer",
	"112 Operator",
	"112 Supervisor",
	"112 Administrator",
	"112 Viewer",
	"112 Integration",
	"112 Reporting",
	"Agency Staff",
}
REAL_AGENCIES = (
	"Pemadam Kebakaran",
	"PSC 119",
	"Polresta Pulau Ambon dan Pulau-Pulau Lease",
	"Kodim",
	"BPBD",
	"SAR",
	"PLN",
	"Satpol PP",
	"Perhubungan",
	"Perumahan",
	"Lingkungan Hidup",
	"Sosial",
)


def load(name: str):
	return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


AGENCY_TYPES = {r["agency_type_name"] for r in load("agency_types.json")}
CAPABILITIES = {r["capability_name"] for r in load("unit_capabilities.json")}
INCIDENT_TYPES = {r["incident_type_name"]: r for r in load("incident_types.json")}
UNIT_TYPES = {r["unit_type_name"]: r for r in load("unit_types.json")}
AGENCIES = {r["agency_name"]: r for r in load("agencies.json")}
DEMO = load("demo.json")
DEMO_UNITS = {u["call_sign"]: u for u in DEMO["units"]}


def select_options(doctype: str, fieldname: str) -> set[str]:
	(field,) = [f for f in load_doctypes()[doctype]["fields"] if f["fieldname"] == fieldname]
	return set(field["options"].split("\n"))


@pytest.mark.parametrize(
	"path",
	[*sorted(FIXTURES.glob("*.json")), *sorted((APP_PACKAGE / "fixtures").glob("*.json"))],
	ids=lambda p: p.name,
)
def test_fixture_parses(path):
	assert json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
	"name, key",
	[
		("agency_types.json", "agency_type_name"),
		("unit_capabilities.json", "capability_name"),
		("incident_types.json", "incident_type_name"),
		("unit_types.json", "unit_type_name"),
		("agencies.json", "agency_name"),
	],
)
def test_names_are_unique(name, key):
	names = [r[key] for r in load(name)]
	assert len(names) == len(set(names))


def test_agency_types_referenced_exist():
	used = {t for r in INCIDENT_TYPES.values() for t in r["agency_types"]}
	used |= {r["agency_type"] for r in UNIT_TYPES.values()} | {r["agency_type"] for r in AGENCIES.values()}
	assert not used - AGENCY_TYPES


def test_capabilities_referenced_exist():
	used = {c for r in [*INCIDENT_TYPES.values(), *UNIT_TYPES.values()] for c in r["capabilities"]}
	assert not used - CAPABILITIES


def test_incident_type_tree():
	for name, record in INCIDENT_TYPES.items():
		parent = record.get("parent_incident_type")
		if parent:
			assert INCIDENT_TYPES[parent]["is_group"] == 1, name
	# Fixtures are loaded in file order: a parent must come before its children.
	order = list(INCIDENT_TYPES)
	for name, record in INCIDENT_TYPES.items():
		if record.get("parent_incident_type"):
			assert order.index(record["parent_incident_type"]) < order.index(name)


def test_default_priorities():
	assert {r["default_priority"] for r in INCIDENT_TYPES.values()} <= set(PRIORITIES)
	assert select_options("Incident Type", "default_priority") == set(PRIORITIES)


@pytest.mark.parametrize("keyword", REAL_AGENCIES)
def test_the_real_ambon_agencies_are_there(keyword):
	assert [name for name in AGENCIES if keyword in name]


def test_agency_contact_numbers_are_valid():
	from ambon_112.core.phone import normalize

	for agency in AGENCIES.values():
		for contact in agency.get("contacts", []):
			assert normalize(contact["phone"]).valid, (agency["agency_name"], contact)


def test_demo_users():
	for user in DEMO["users"]:
		assert set(user["roles"]) <= APP_ROLES, user["email"]
		if "Agency Staff" in user["roles"]:
			assert user["agency"] in AGENCIES, user["email"]
			assert user.get("desk") == 0


def test_demo_units_reference_real_agencies_and_unit_types():
	for unit in DEMO["units"]:
		assert unit["agency"] in AGENCIES
		assert unit["unit_type"] in UNIT_TYPES
		# A fire engine belongs to the fire service, not to the police.
		assert UNIT_TYPES[unit["unit_type"]]["agency_type"] == AGENCIES[unit["agency"]]["agency_type"], unit[
			"call_sign"
		]


def test_demo_scenarios_reference_real_records():
	classifications = select_options("Emergency Call", "classification")
	sources = select_options("Emergency Call", "location_source")
	for scenario in DEMO["scenarios"]:
		incident = scenario.get("incident")
		if incident:
			assert incident["incident_type"] in INCIDENT_TYPES
			assert incident["priority"] in PRIORITIES
		for dispatch in scenario.get("dispatches", []):
			assert dispatch["unit"] in DEMO_UNITS
		for call in scenario.get("calls", []):
			assert call.get("classification", "") in classifications
			assert call.get("location_source", "") in sources


def demo_points():
	for unit in DEMO["units"]:
		yield unit["call_sign"], unit["latitude"], unit["longitude"]
	for i, scenario in enumerate(DEMO["scenarios"]):
		for j, record in enumerate([scenario.get("incident") or {}, *scenario.get("calls", [])]):
			if "latitude" in record or "longitude" in record:
				yield f"scenario {i} record {j}", record["latitude"], record["longitude"]


@functools.cache
def village_areas() -> tuple[geo.Area, ...]:
	return tuple(
		geo.Area.build(p["code"], p["name"], p["centroid_lat"], p["centroid_lng"], f["geometry"])
		for f in load("ambon_areas.geojson")["features"]
		for p in [f["properties"]]
		if p["level"] != "kecamatan"
	)


@pytest.mark.parametrize("label, lat, lng", list(demo_points()))
def test_demo_coordinates_are_valid_and_in_ambon(label, lat, lng):
	geo.validate_coordinates(lat, lng)
	assert not geo.locate(lat, lng, village_areas()).outside_ambon


def test_area_sources_and_attribution():
	assert (FIXTURES / "ambon_areas.SOURCES.md").is_file()
	metadata = json.dumps(load("ambon_areas.geojson")["metadata"])
	assert "BIG" in metadata and "Badan Informasi Geospasial" in metadata
	assert "MIT" in metadata


def test_role_fixture():
	roles = {r["name"]: r for r in json.loads((APP_PACKAGE / "fixtures" / "role.json").read_text())}
	assert set(roles) == APP_ROLES
	assert all(r["doctype"] == "Role" and r["role_name"] == name for name, r in roles.items())
	assert roles["Agency Staff"]["desk_access"] == 0
	assert roles["112 Operator"]["desk_access"] == 1
