"""The app uninstalls cleanly: run last, on the test site only."""

import frappe
import pytest

from tests.bench import bench_cmd, connect


@pytest.mark.uninstall
def test_uninstall_removes_the_app_and_its_tables(site):
	frappe.db.commit()
	frappe.destroy()
	bench_cmd("uninstall-app", "ambon_112", "--yes", "--no-backup", "--force")
	connect()
	assert "ambon_112" not in frappe.get_installed_apps()
	assert not frappe.db.table_exists("Emergency Call")
	assert not frappe.db.exists("DocType", "Incident")
