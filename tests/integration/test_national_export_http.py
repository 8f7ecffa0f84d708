"""The national export over HTTP: a 112 Reporting token gets pages of rows without caller data;
Guest and an operator are refused."""

import csv
import io
from datetime import date, datetime, timedelta

import frappe
import pytest
import requests

from ambon_112.core.national_export import number_hash
from ambon_112.reporting.national_export import export_salt
from ambon_112.roles import OPERATOR, REPORTING
from ambon_112.tests.utils import BATU_MERAH, make_api_user, make_call, make_incident
from tests.bench import site_headers

URL = "/api/method/ambon_112.reporting.national_export.export"
NUMBER = "081277700112"


@pytest.fixture(scope="module")
def period(site):
	frappe.set_user("Administrator")
	day = date(2090, 1, 1) + timedelta(days=frappe.utils.cint(datetime.now().timestamp()) % 3000)
	start = datetime.combine(day, datetime.min.time()) + timedelta(hours=8)
	for i in range(5):
		make_call(received_at=start + timedelta(minutes=i), caller_number=NUMBER, classification="Prank",
			caller_name="Bapak Rahasia", notes="di belakang rumah nomor 7")  # fmt: skip
	make_call(received_at=start, is_exercise=1, classification="Test")  # drills are not exported
	make_incident("Flood", BATU_MERAH, reported_at=start)
	frappe.db.commit()
	return {"from_date": str(day), "to_date": str(day)}


def token(roles):
	_user, key, secret = make_api_user(roles)
	frappe.db.commit()
	return {**site_headers(), "Authorization": f"token {key}:{secret}"}


def test_reporting_token_pages_through_calls_without_caller_data(server, period):
	headers = token((REPORTING,))
	first = requests.get(f"{server}{URL}", params={**period, "page_length": 3}, headers=headers, timeout=60)
	assert first.status_code == 200, first.text[:300]
	body = first.json()["message"]
	assert body["has_more"] and len(body["rows"]) == 3
	second = requests.get(
		f"{server}{URL}", params={**period, "page_length": 3, "page": 2}, headers=headers, timeout=60
	).json()["message"]
	assert not second["has_more"] and len(second["rows"]) == 2
	rows = body["rows"] + second["rows"]
	assert len({r["call_id"] for r in rows}) == 5
	frappe.set_user("Administrator")
	normalized = frappe.db.get_value("Emergency Call", rows[0]["call_id"], "caller_number_normalized")
	assert {r["caller_hash"] for r in rows} == {number_hash(normalized, export_salt())}
	assert {r["national_class"] for r in rows} == {"prank"}
	text = first.text + str(second)
	for personal in ("81277700112", "Rahasia", "belakang rumah"):
		assert personal not in text


def test_csv_and_incidents(server, period):
	headers = token((REPORTING,))
	response = requests.get(
		f"{server}{URL}", params={**period, "kind": "incidents", "format": "csv"}, headers=headers, timeout=60
	)
	assert response.status_code == 200
	rows = list(csv.DictReader(io.StringIO(response.text)))
	assert len(rows) == 1 and rows[0]["incident_type"] == "Flood" and rows[0]["national_category"]
	xlsx = requests.get(f"{server}{URL}", params={**period, "format": "xlsx"}, headers=headers, timeout=60)
	assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_guest_and_operator_are_refused(server, period):
	guest = requests.get(f"{server}{URL}", params=period, headers=site_headers(), timeout=60)
	assert guest.status_code in (401, 403)
	operator = requests.get(f"{server}{URL}", params=period, headers=token((OPERATOR,)), timeout=60)
	assert operator.status_code == 403
