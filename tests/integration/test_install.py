"""Install, migrate twice, roles, site defaults, reference data and indexes on a real site."""

import frappe
import pytest

from ambon_112.setup.reference_data import load_reference_data
from tests.bench import REPO, bench_cmd

ROLES_WITH_DESK = {"112 Operator": 1, "112 Supervisor": 1, "112 Administrator": 1, "112 Viewer": 1}
ROLES_WITHOUT_DESK = {"112 Integration": 0, "112 Reporting": 0, "Agency Staff": 0}


def test_app_is_installed_on_frappe_15(site):
	assert "ambon_112" in frappe.get_installed_apps()
	assert frappe.__version__.startswith("15.")
	assert "ambon_112" in bench_cmd("list-apps").stdout


def test_second_migrate_changes_no_table_or_index(site):
	if site.get("reused"):
		pytest.skip("site reused (AMBON112_REUSE_SITE=1): no fresh migrations to compare")
	assert site["schema_after_first_migrate"] == site["schema_after_second_migrate"]
	assert site["schema_after_first_migrate"][0], "no ambon_112 columns found"


def test_roles_exist_with_the_right_desk_access(site):
	for role, desk in {**ROLES_WITH_DESK, **ROLES_WITHOUT_DESK}.items():
		assert frappe.db.get_value("Role", role, "desk_access") == desk, role


def test_site_runs_on_ambon_time_in_bahasa_indonesia(site):
	assert frappe.db.get_single_value("System Settings", "time_zone") == "Asia/Jayapura"
	assert frappe.db.get_single_value("System Settings", "language") == "id"


def test_reference_data_is_loaded_once(site):
	assert frappe.db.count("Ambon Area", {"level": "Kecamatan"}) == 5
	assert frappe.db.count("Ambon Area", {"is_group": 0, "boundary": ("is", "set")}) == 50
	assert frappe.db.count("Agency") >= 12
	assert frappe.db.exists("Agency", "Polresta Pulau Ambon dan Pulau-Pulau Lease")
	again = load_reference_data(str(REPO / "fixtures"))
	assert set(again.values()) == {0}, again


def test_every_filter_and_sort_column_is_indexed(site):
	"""Indexes are code: what the desk filters or sorts by has an index in the database."""
	modules = frappe.get_all("Module Def", filters={"app_name": "ambon_112"}, pluck="name")
	checked = 0
	for doctype in frappe.get_all(
		"DocType", filters={"module": ("in", modules), "istable": 0, "issingle": 0}, pluck="name"
	):
		meta = frappe.get_meta(doctype)
		wanted = {df.fieldname for df in meta.fields if df.in_standard_filter or df.search_index}
		if meta.sort_field not in ("modified", "creation", "name", None):
			wanted.add(meta.sort_field)
		indexed = set(
			frappe.db.sql_list(
				"""select column_name from information_schema.statistics
				where table_schema = database() and table_name = %s and seq_in_index = 1""",
				f"tab{doctype}",
			)
		)
		missing = wanted - indexed
		assert not missing, f"{doctype}: no index on {sorted(missing)}"
		checked += len(wanted)
	assert checked > 30


def test_telephony_call_id_is_unique_when_present(site):
	from ambon_112.tests.utils import make_call

	make_call(telephony_call_id="pbx-unique-1")
	make_call()  # no id: many calls may have none
	make_call()
	with pytest.raises(frappe.UniqueValidationError):
		make_call(telephony_call_id="pbx-unique-1")


def test_incident_form_connects_its_calls_and_dispatches(site):
	from frappe.desk.notifications import get_open_count

	from ambon_112.tests.utils import make_call, make_dispatch, make_incident

	incident = make_incident()
	make_call(incident=incident.name)
	make_dispatch(incident.name, agency="BPBD Kota Ambon")
	found = get_open_count("Incident", incident.name)["count"]["external_links_found"]
	counts = {row["doctype"]: row["count"] for row in found}
	assert counts == {"Emergency Call": 1, "Dispatch": 1}
