# ruff: noqa: F811 -- the world fixture imported from report_world is redefined as an argument
"""The reports through gunicorn, as the desk calls them: who may run them and what a bad period gets."""

import json

import frappe
import pytest

from ambon_112.core.masking import mask_number
from ambon_112.security.caller_data import masking_key
from ambon_112.tests.utils import KPI_REPORTS
from tests.bench import login
from tests.integration.report_world import world

pytestmark = pytest.mark.http
REPORTS = KPI_REPORTS


def run(session, server, report, filters):
	return session.get(
		f"{server}/api/method/frappe.desk.query_report.run",
		params={"report_name": report, "filters": json.dumps(filters), "ignore_prepared_report": 1},
		timeout=120,
	)


def test_centre_roles_run_every_report(server, world):
	for user in (world.users["operator"], world.users["viewer"]):
		session = login(server, user)
		for report in REPORTS:
			response = run(session, server, report, world.filters)
			assert response.status_code == 200, (report, response.text[:300])
			result = response.json()["message"]
			assert result["result"] and result["columns"] and result["chart"], report


def test_agency_users_are_refused_the_desk_reports(server, world):
	session = login(server, world.users["fire_staff"])
	for report in REPORTS:
		assert run(session, server, report, world.filters).status_code == 403, report
	mapped = session.get(
		f"{server}/api/method/ambon_112.api.reports.incident_map",
		params={"filters": json.dumps(world.filters)},
	)
	assert mapped.status_code == 403


def test_a_viewer_gets_masked_caller_numbers_over_http(server, world):
	message = run(login(server, world.users["viewer"]), server, "Call Classes", world.filters).json()[
		"message"
	]
	# The network prefix and the line's stable label; no other digit of the number.
	assert mask_number("+6281299990001", masking_key()) in message["message"]
	assert "99990001" not in json.dumps(message) and "+62812•••" in message["message"]
	message = run(login(server, world.users["operator"]), server, "Call Classes", world.filters).json()[
		"message"
	]
	assert "+6281299990001" in message["message"]


def test_a_bad_period_gets_a_clear_message_and_changes_nothing(server, world):
	frappe.db.rollback()
	before = frappe.db.count("Dispatch")
	response = run(
		login(server, world.users["operator"]),
		server,
		"Response Time by Agency",
		{"from_date": "2031-05-02", "to_date": "2031-05-01"},
	)
	assert response.status_code == 417
	assert response.json()["exc_type"] == "InvalidReportPeriodError"
	shown = json.loads(json.loads(response.json()["_server_messages"])[0])["message"]
	assert frappe.utils.formatdate("2031-05-02") in shown and frappe.utils.formatdate("2031-05-01") in shown
	frappe.db.rollback()
	assert frappe.db.count("Dispatch") == before


def test_the_map_over_http(server, world):
	response = login(server, world.users["operator"]).get(
		f"{server}/api/method/ambon_112.api.reports.incident_map",
		params={"filters": json.dumps(world.filters)},
	)
	assert response.ok
	collection = response.json()["message"]
	assert len(collection["features"]) == 50 and collection["incidents"] > 0
