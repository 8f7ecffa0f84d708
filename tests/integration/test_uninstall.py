"""The app uninstalls cleanly and installs again: run last, on the test site only."""

import frappe
import pytest

from ambon_112.escalation.defaults import DEFAULT_POLICIES, SEEDED_KEY
from tests.bench import bench_cmd, connect


@pytest.mark.uninstall
def test_uninstall_removes_the_app_and_its_tables_and_a_new_install_seeds_again(site):
	frappe.db.commit()
	frappe.destroy()
	bench_cmd("uninstall-app", "ambon_112", "--yes", "--no-backup", "--force")
	connect()
	assert "ambon_112" not in frappe.get_installed_apps()
	assert not frappe.db.table_exists("Emergency Call")
	assert not frappe.db.exists("DocType", "Incident")
	# Nothing left behind that would stop a new install from seeding its editable defaults.
	assert not frappe.db.exists("DefaultValue", {"parent": "__default", "defkey": SEEDED_KEY})

	frappe.destroy()
	bench_cmd("install-app", "ambon_112")
	connect()
	assert "ambon_112" in frappe.get_installed_apps()
	policies = {p["policy_name"] for p in DEFAULT_POLICIES.values()}
	assert set(frappe.get_all("Escalation Policy", pluck="name")) >= policies
	for doctype in ("Emergency Call", "Incident"):
		assert frappe.db.exists("Workflow", {"document_type": doctype, "is_active": 1}), doctype
