"""What the PBX sent, event by event: an Integration Request on the call, for the roles that may read it."""

import json

import frappe
import pytest
from frappe.desk.notifications import get_open_count

from ambon_112.intake.pbx_log import SERVICE
from ambon_112.roles import OPERATOR, SUPERVISOR, VIEWER
from ambon_112.tests.utils import make_api_user, make_user, random_number
from tests.bench import login
from tests.integration.test_intake_http import EVENT_URL, new_call_id, post

pytestmark = pytest.mark.http

LOG = "Integration Request"


@pytest.fixture(scope="module")
def world(site):
	_, key, secret = make_api_user()
	users = {role: make_user([role]) for role in (OPERATOR, SUPERVISOR, VIEWER)}
	other = frappe.get_doc(
		{"doctype": LOG, "integration_request_service": "Payment Gateway", "data": '{"card": "4111"}'}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	return {"auth": f"token {key}:{secret}", "users": users, "other": other.name}


def logs_of(call: str) -> list[dict]:
	frappe.db.rollback()
	return frappe.get_all(
		LOG,
		filters={"reference_doctype": "Emergency Call", "reference_docname": call},
		fields=["name", "integration_request_service", "request_id", "request_description", "data", "output"],
		order_by="creation asc",
	)


def send(server, world, **data):
	response = post(server, EVENT_URL, world["auth"], data=data)
	assert response.status_code == 200, response.text
	return response.json()["message"]


def test_every_event_received_is_logged_on_its_call_as_sent(server, world):
	call_id, number = new_call_id(), random_number()
	sent = [
		{"call_id": call_id, "event": "ringing", "caller": number},
		{"call_id": call_id, "event": "answer", "agent": "2101"},
		{"call_id": call_id, "event": "answer", "agent": "2101"},  # a replay changes nothing, but arrived
	]
	results = [send(server, world, **data) for data in sent]
	logs = logs_of(results[0]["call"])
	assert [json.loads(log.data) for log in logs] == sent
	assert [json.loads(log.output) for log in logs] == results
	assert {(log.integration_request_service, log.request_id) for log in logs} == {(SERVICE, call_id)}
	assert [log.request_description for log in logs] == ["ringing", "answered", "answered"]


def test_a_refused_event_is_not_logged(server, world):
	before = frappe.db.count(LOG, {"integration_request_service": SERVICE})
	response = post(server, EVENT_URL, world["auth"], data={"call_id": "x1", "event": "exploded"})
	assert response.status_code == 400
	frappe.db.rollback()
	assert frappe.db.count(LOG, {"integration_request_service": SERVICE}) == before


def test_operators_read_the_log_from_the_call_and_nothing_else_of_integration_request(server, world):
	call = send(server, world, call_id=new_call_id(), event="ringing", caller=random_number())["call"]
	(log,) = logs_of(call)
	resource = f"{server}/api/resource/{LOG}"
	for role in (OPERATOR, SUPERVISOR):
		session = login(server, world["users"][role])
		listed = session.get(resource, params={"filters": json.dumps([["reference_docname", "=", call]])})
		assert [row["name"] for row in listed.json()["data"]] == [log.name], role
		assert session.get(f"{resource}/{log.name}").json()["data"]["reference_docname"] == call
		assert session.get(f"{resource}/{world['other']}").status_code == 403, role
		everything = session.get(resource, params={"fields": '["integration_request_service"]', "limit": 0})
		assert {row["integration_request_service"] for row in everything.json()["data"]} == {SERVICE}
	viewer = login(server, world["users"][VIEWER])  # reads calls, never the caller's number
	assert viewer.get(f"{resource}/{log.name}").status_code == 403
	assert viewer.get(resource).status_code == 403


def test_the_call_form_connects_its_pbx_events(server, world):
	call_id = new_call_id()
	call = send(server, world, call_id=call_id, event="ringing", caller=random_number())["call"]
	send(server, world, call_id=call_id, event="ended")
	frappe.db.rollback()
	found = get_open_count("Emergency Call", call)["count"]["external_links_found"]
	assert {row["doctype"]: row["count"] for row in found} == {LOG: 2}


def test_a_lost_calls_events_leave_frappes_link_counts_alone(server, world):
	"""The log and the callback task link the call just written: no link check, so no read-and-write
	of Frappe's link counts (a dict in Redis that grows with every call until the hourly job)."""
	frappe.cache.delete_value("_link_count")  # a call name used by an earlier run may be counted
	call_id = new_call_id()
	send(server, world, call_id=call_id, event="ringing", caller=random_number())
	call = send(server, world, call_id=call_id, event="missed")["call"]
	assert len(logs_of(call)) == 2 and frappe.db.exists("Callback Task", {"call": call})
	counted = frappe.cache.get_value("_link_count") or {}
	assert ("Emergency Call", call) not in counted
