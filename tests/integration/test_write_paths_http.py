"""One write path per field, over HTTP: the times, users and statuses that feed the KPIs change only
through the API that owns them (the dispatch status API, the telephony webhook), whatever a user
with write permission sends to Frappe's generic endpoints."""

import json

import frappe
import pytest
import requests

from ambon_112.roles import AGENCY_STAFF, OPERATOR, SUPERVISOR, VIEWER
from ambon_112.tests.utils import (
	make_agency,
	make_api_user,
	make_dispatch,
	make_incident,
	make_role_users,
	make_unit,
	make_user,
)
from tests.bench import login, site_headers

pytestmark = pytest.mark.http

SET_STATUS = "/api/method/ambon_112.api.dispatch.set_dispatch_status"
FORGED_AT = "2020-01-01 00:00:00"
# What a crew or an operator would like the dispatch record to say.
FORGED_DISPATCH = {
	"status": "On Scene",
	"dispatched_at": FORGED_AT,
	"acknowledged_at": FORGED_AT,
	"on_scene_at": FORGED_AT,
	"cleared_at": FORGED_AT,
	"cancel_reason": "forged",
}


@pytest.fixture(scope="module")
def world(site):
	agency = make_agency("Fire")
	users = make_role_users(agency)
	frappe.db.commit()
	return {"agency": agency, "users": users}


def as_user(server, who, world):
	return login(server, world["users"][who])


def new_dispatch(world, **kwargs):
	dispatch = make_dispatch(make_incident().name, unit=make_unit(world["agency"]), **kwargs)
	frappe.db.commit()
	return dispatch.name


def pbx_event(server, headers, call_id, event):
	return requests.post(
		f"{server}/api/method/ambon_112.api.telephony.call_event",
		data={"call_id": call_id, "event": event, "caller": "081243551234"},
		headers=headers,
		timeout=30,
	)


def stored(doctype, name, fields):
	frappe.db.rollback()  # a fresh snapshot: what the server committed
	return frappe.db.get_value(doctype, name, list(fields), as_dict=True)


def generic_writes(session, server, doctype, name, values: dict, mark: str):
	"""The same change through each of Frappe's generic write endpoints, one after the other; each
	also writes ``mark`` (a field the user may write) to the endpoint's own value: yields
	(answer, that value), so a test sees each write go through."""
	url = f"{server}/api/resource/{doctype}/{name}"
	endpoints = (
		lambda change: session.post(
			f"{server}/api/method/frappe.client.set_value",
			data={"doctype": doctype, "name": name, "fieldname": json.dumps(change)},
		),
		lambda change: session.put(url, json=change),
		lambda change: session.post(
			f"{server}/api/method/frappe.client.save",
			data={"doc": json.dumps({**session.get(url).json()["data"], **change})},
		),
	)
	for n, write in enumerate(endpoints):
		value = f"{mark} {n}"
		yield write({**values, mark: value}), value


def test_agency_staff_rewrite_no_time_user_status_or_centre_field_of_their_dispatch(server, world):
	name = new_dispatch(world, instructions="Masuk lewat gang belakang")
	fields = (*FORGED_DISPATCH, "dispatched_by", "acknowledged_by", "on_scene_by", "instructions", "priority")
	before = stored("Dispatch", name, fields)
	crew = as_user(server, "crew", world)
	forged = {
		**FORGED_DISPATCH,
		"dispatched_by": world["users"]["crew"],
		"on_scene_by": world["users"]["crew"],
		"instructions": "forged",
		"priority": "P4",  # a copy of the incident's, which the KPIs and escalations read
	}
	taken = 0
	for answer, note in generic_writes(crew, server, "Dispatch", name, forged, mark="agency_notes"):
		# The portal's users reach no frappe.client method (ambon_112/portal/gate.py); the REST API
		# takes the crew's own report (the write goes through), and the record does not move.
		assert answer.ok or answer.status_code == 403, (note, answer.status_code, answer.text[:300])
		taken += answer.ok
		notes = note if answer.ok else stored("Dispatch", name, ["agency_notes"]).agency_notes
		assert stored("Dispatch", name, [*fields, "agency_notes"]) == {**before, "agency_notes": notes}
	assert taken, "no generic write reached the dispatch: nothing was tested"


def test_operators_write_the_centres_orders_but_not_the_record(server, world):
	name = new_dispatch(world)
	before = stored("Dispatch", name, FORGED_DISPATCH)
	operator = as_user(server, "operator", world)
	for answer, order in generic_writes(
		operator, server, "Dispatch", name, FORGED_DISPATCH, mark="instructions"
	):
		assert answer.ok, (order, answer.status_code, answer.text[:300])
		assert stored("Dispatch", name, [*FORGED_DISPATCH, "instructions"]) == {
			**before,
			"instructions": order,
		}


def test_the_status_api_moves_and_stamps_the_dispatch_for_its_crew(server, world):
	name = new_dispatch(world)
	crew = as_user(server, "crew", world)
	for status, stamp in (("Acknowledged", "acknowledged"), ("On Scene", "on_scene"), ("Cleared", "cleared")):
		answer = crew.post(f"{server}{SET_STATUS}", data={"dispatch": name, "status": status})
		assert answer.ok, answer.text[:300]
		record = stored("Dispatch", name, ["status", f"{stamp}_at", f"{stamp}_by"])
		assert record.status == status and record[f"{stamp}_at"], record
		assert record[f"{stamp}_by"] == world["users"]["crew"]


def test_only_the_centre_cancels_a_dispatch(server, world):
	name = new_dispatch(world)
	crew = as_user(server, "crew", world)
	refused = crew.post(
		f"{server}{SET_STATUS}", data={"dispatch": name, "status": "Cancelled", "notes": "salah"}
	)
	assert refused.status_code == 403 and refused.json()["exc_type"] == "CancelNotAllowedError", refused.text
	assert stored("Dispatch", name, ["status", "cancel_reason"]) == {
		"status": "Dispatched",
		"cancel_reason": None,
	}

	# The crew says what it needs instead, and the centre decides.
	more = crew.post(
		f"{server}/api/method/ambon_112.api.agency_portal.save_report",
		data={"dispatch": name, "need_more_units": 1, "notes": "Butuh tangki air"},
	)
	assert more.ok, more.text[:300]
	supervisor = as_user(server, "supervisor", world)
	cancelled = supervisor.post(
		f"{server}{SET_STATUS}",
		data={"dispatch": name, "status": "Cancelled", "notes": "Unit lain lebih dekat"},
	)
	assert cancelled.ok, cancelled.text[:300]
	record = stored("Dispatch", name, ["status", "cancel_reason", "cancelled_by", "need_more_units"])
	assert record == {
		"status": "Cancelled",
		"cancel_reason": "Unit lain lebih dekat",
		"cancelled_by": world["users"]["supervisor"],
		"need_more_units": 1,
	}


def test_incident_timeline_is_stamped_by_the_app_only(server, world):
	incident = make_incident().name
	make_dispatch(incident, unit=make_unit(world["agency"]))
	frappe.db.commit()
	timeline = ("triaged_at", "first_dispatch_at", "first_on_scene_at", "resolved_at", "closed_at")
	before = stored("Incident", incident, timeline)
	assert before.first_dispatch_at  # stamped by the dispatch, as the app does
	operator = as_user(server, "operator", world)
	forged = {field: FORGED_AT for field in timeline}
	for answer, hazards in generic_writes(operator, server, "Incident", incident, forged, mark="hazards"):
		assert answer.ok, (hazards, answer.status_code, answer.text[:300])
		assert stored("Incident", incident, [*timeline, "hazards"]) == {**before, "hazards": hazards}


def test_the_line_times_and_state_of_a_call_are_the_pbxs(server, world):
	_user, key, secret = make_api_user()
	frappe.db.commit()
	pbx = {**site_headers(), "Authorization": f"token {key}:{secret}"}
	call_id = f"pbx-{frappe.generate_hash(length=8)}"
	assert pbx_event(server, pbx, call_id, "ringing").ok
	name = frappe.db.get_value("Emergency Call", {"telephony_call_id": call_id}, "name")
	line = (
		"received_at",
		"answered_at",
		"ended_at",
		"answer_delay_seconds",
		"telephony_call_id",
		"call_state",
	)
	before = stored("Emergency Call", name, line)
	assert before.call_state == "Ringing" and not before.answered_at

	# "Answered" by hand would silence the unanswered-call escalation and flatter the answer time.
	operator = as_user(server, "operator", world)
	forged = {
		"received_at": FORGED_AT,
		"answered_at": FORGED_AT,
		"ended_at": FORGED_AT,
		"telephony_call_id": "forged",
		"call_state": "Answered",
	}
	for answer, notes in generic_writes(operator, server, "Emergency Call", name, forged, mark="notes"):
		assert answer.ok, (notes, answer.status_code, answer.text[:300])
		assert stored("Emergency Call", name, [*line, "notes"]) == {**before, "notes": notes}

	# The PBX itself still moves the call.
	for event, state in (("answered", "Answered"), ("ended", "Ended")):
		assert pbx_event(server, pbx, call_id, event).ok
		after = stored("Emergency Call", name, line)
		assert after.call_state == state and after.received_at == before.received_at


def test_a_call_recorded_by_hand_is_received_when_recorded(server, world):
	operator = as_user(server, "operator", world)
	answer = operator.post(
		f"{server}/api/resource/Emergency Call",
		json={
			"channel": "Walk-in",
			"received_at": FORGED_AT,
			"answered_at": FORGED_AT,
			"caller_number": "112",
		},
	)
	assert answer.ok, answer.text[:300]
	call = stored("Emergency Call", answer.json()["data"]["name"], ["received_at", "answered_at"])
	assert call.received_at.year > 2020 and call.answered_at is None
