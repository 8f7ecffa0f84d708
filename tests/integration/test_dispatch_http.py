"""Dispatching over HTTP through gunicorn (4 workers): contention, realtime, the agency's side."""

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import frappe
import pytest
import redis

from ambon_112.roles import AGENCY_STAFF, OPERATOR, SUPERVISOR
from ambon_112.tests.utils import BATU_MERAH, make_agency, make_incident, make_unit, make_user
from tests.bench import TEST_SITE, login

pytestmark = pytest.mark.http

TRIES = 100
DISPATCH = "/api/method/ambon_112.api.dispatch.dispatch_units"
SET_STATUS = "/api/method/ambon_112.api.dispatch.set_dispatch_status"


@pytest.fixture(scope="module")
def world(site):
	agency = make_agency("Fire")
	users = {
		"operator": make_user([OPERATOR]),
		"supervisor": make_user([SUPERVISOR]),
		"crew": make_user([AGENCY_STAFF], agency=agency),
		"crew2": make_user([AGENCY_STAFF], agency=agency),
		"police": make_user([AGENCY_STAFF], agency=make_agency("Police")),
	}
	incidents = [make_incident("Fire", BATU_MERAH).name for _ in range(2)]
	frappe.db.commit()
	return {"agency": agency, "users": users, "incidents": incidents}


def test_two_dispatchers_picking_the_same_unit_at_once_exactly_one_wins_every_time(server, world):
	"""100 times: two dispatchers send the same unit (to two incidents) at the same instant."""
	dispatchers = [login(server, world["users"]["operator"]), login(server, world["users"]["supervisor"])]
	units = [make_unit(world["agency"]) for _ in range(TRIES)]
	frappe.db.commit()
	barrier = threading.Barrier(2)

	def send(i, unit):
		barrier.wait()
		return dispatchers[i].post(
			f"{server}{DISPATCH}",
			json={"incident": world["incidents"][i], "units": [unit]},
			timeout=60,
		)

	outcomes = []
	with ThreadPoolExecutor(max_workers=2) as pool:
		for unit in units:
			responses = list(pool.map(send, (0, 1), (unit, unit)))
			outcomes.append((unit, responses))

	for unit, responses in outcomes:
		codes = sorted(r.status_code for r in responses)
		assert codes == [200, 417], (unit, [r.text[:300] for r in responses])
		loser = next(r for r in responses if r.status_code == 417).json()
		assert loser["exc_type"] == "UnitNotAvailableError"
		message = json.loads(json.loads(loser["_server_messages"])[0])["message"]
		assert unit in message
	frappe.db.rollback()  # a fresh snapshot: see what the server committed
	for unit, responses in outcomes:
		(winner,) = [r.json()["message"]["dispatches"][0]["name"] for r in responses if r.ok]
		assert frappe.get_all("Dispatch", filters={"unit": unit}, pluck="name") == [winner]
		assert frappe.db.get_value("Emergency Unit", unit, ["status", "current_dispatch"]) == (
			"Dispatched",
			winner,
		)


def test_two_dispatchers_sending_different_units_to_one_incident_at_once_both_succeed(server, world):
	"""A big fire: one dispatcher sends engines while another sends a patrol, at the same instant."""
	dispatchers = [login(server, world["users"]["operator"]), login(server, world["users"]["supervisor"])]
	police = make_agency("Police")
	barrier = threading.Barrier(2)
	tries = []
	for _ in range(20):
		incident = make_incident("Fire", BATU_MERAH).name
		tries.append((incident, make_unit(world["agency"]), make_unit(police, "Police Patrol")))
	frappe.db.commit()

	def send(i, incident, unit):
		barrier.wait()
		return dispatchers[i].post(
			f"{server}{DISPATCH}", json={"incident": incident, "units": [unit]}, timeout=60
		)

	with ThreadPoolExecutor(max_workers=2) as pool:
		for incident, engine, patrol in tries:
			responses = list(pool.map(send, (0, 1), (incident, incident), (engine, patrol)))
			assert [r.status_code for r in responses] == [200, 200], [r.text[:500] for r in responses]
	frappe.db.rollback()
	for incident, _engine, _patrol in tries:
		doc = frappe.get_doc("Incident", incident)
		assert doc.status == "Dispatched" and len(doc.agencies) == 2
		first = frappe.get_all(
			"Dispatch", filters={"incident": incident}, pluck="dispatched_at", order_by="dispatched_at"
		)
		assert doc.first_dispatch_at == first[0]


def test_crew_reporting_while_the_supervisor_cancels_the_incident_never_deadlocks(server, world):
	"""Incident-level and dispatch-level changes at the same instant: one waits for the other."""
	supervisor = login(server, world["users"]["supervisor"])
	crew = login(server, world["users"]["crew"])
	operator = login(server, world["users"]["operator"])
	barrier = threading.Barrier(2)
	tries = []
	for _ in range(20):
		incident = make_incident("Fire", BATU_MERAH).name
		unit = make_unit(world["agency"])
		frappe.db.commit()
		sent = operator.post(f"{server}{DISPATCH}", json={"incident": incident, "units": [unit]})
		tries.append((incident, unit, sent.json()["message"]["dispatches"][0]["name"]))
	cancel = next(
		t.action for t in frappe.get_doc("Workflow", "Incident").transitions if t.next_state == "Cancelled"
	)

	def cancel_incident(incident):
		return supervisor.post(
			f"{server}/api/method/frappe.model.workflow.apply_workflow",
			json={"doc": {"doctype": "Incident", "name": incident}, "action": cancel},
			timeout=60,
		)

	def act(who, incident, dispatch):
		barrier.wait()
		if who == "supervisor":
			return cancel_incident(incident)
		return crew.post(
			f"{server}{SET_STATUS}", json={"dispatch": dispatch, "status": "On Scene"}, timeout=60
		)

	with ThreadPoolExecutor(max_workers=2) as pool:
		for incident, _unit, dispatch in tries:
			cancelled, reported = pool.map(act, ("supervisor", "crew"), (incident,) * 2, (dispatch,) * 2)
			for response in (cancelled, reported):
				assert response.status_code != 500, response.text[:500]  # no deadlock, no crash
			# The crew's report either came first, or meets a dispatch the cancellation just ended.
			assert reported.ok or reported.json()["exc_type"] == "InvalidStatusTransitionError", (
				reported.text[:500]
			)
			if not cancelled.ok:
				# Frappe's own optimistic check: the report moved the incident while the supervisor's
				# form was open. The supervisor is told to refresh, and cancels again.
				assert cancelled.json()["exc_type"] == "TimestampMismatchError", cancelled.text[:500]
				assert cancel_incident(incident).ok
	frappe.db.rollback()
	for incident, unit, dispatch in tries:
		assert frappe.db.get_value("Incident", incident, "status") == "Cancelled"
		assert frappe.db.get_value("Dispatch", dispatch, "status") == "Cancelled"
		assert frappe.db.get_value("Emergency Unit", unit, ["status", "current_dispatch"]) == (
			"Available",
			None,
		)


class RealtimeListener:
	"""What the server publishes to the socketio Redis channel, for this site only."""

	def __init__(self):
		self.pubsub = redis.Redis.from_url(frappe.conf.redis_socketio).pubsub()
		self.pubsub.subscribe("events")
		self.pubsub.get_message(timeout=2)  # the subscription confirmation

	def collect(self, until, seconds=10.0) -> list[dict]:
		events, deadline = [], time.monotonic() + seconds
		while time.monotonic() < deadline:
			message = self.pubsub.get_message(timeout=0.5)
			if message and message["type"] == "message":
				event = json.loads(message["data"])
				if event.get("namespace") == TEST_SITE:
					events.append(event)
					if until(events):
						break
		self.pubsub.close()
		return events


def test_dispatch_notifies_the_agency_room_and_the_board_room_never_the_site(server, world):
	unit = make_unit(world["agency"])
	frappe.db.commit()
	listener = RealtimeListener()
	session = login(server, world["users"]["operator"])
	response = session.post(f"{server}{DISPATCH}", json={"incident": world["incidents"][0], "units": [unit]})
	assert response.ok, response.text
	dispatch = response.json()["message"]["dispatches"][0]["name"]
	members = {world["users"]["crew"], world["users"]["crew2"]}
	room = f"doc:Agency/{world['agency']}"

	def complete(events):
		rooms = {(e["event"], e["room"]) for e in events}
		return {("ambon112_dispatch", room), ("ambon112_board_changed", "doctype:Emergency Unit")} <= rooms

	events = listener.collect(complete)
	ours = [e for e in events if e["event"].startswith("ambon112_")]
	# Redis's "events" channel is shared by every site on the server: keep this dispatch's events.
	to_agency = [
		e for e in ours if e["event"] == "ambon112_dispatch" and e["message"].get("dispatch") == dispatch
	]
	assert [e["room"] for e in to_agency] == [room]  # one publish, to the agency's room only
	assert any(e["room"] == "doctype:Emergency Unit" for e in ours if e["event"] == "ambon112_board_changed")
	assert not [e for e in ours if e["room"] == "all"]
	assert f"user:{world['users']['police']}" not in {e["room"] for e in ours}
	# The desk notification is there for each member too.
	frappe.db.rollback()
	logged = frappe.get_all("Notification Log", filters={"document_name": dispatch}, pluck="for_user")
	assert set(logged) == members


def test_agency_staff_move_their_own_dispatch_and_are_refused_anothers(server, world):
	own_unit = make_unit(world["agency"])
	foreign_unit = make_unit(make_agency("Police"), "Police Patrol")
	frappe.db.commit()
	operator = login(server, world["users"]["operator"])
	sent = operator.post(
		f"{server}{DISPATCH}", json={"incident": world["incidents"][1], "units": [own_unit, foreign_unit]}
	)
	assert sent.ok, sent.text
	own, foreign = (d["name"] for d in sent.json()["message"]["dispatches"])

	crew = login(server, world["users"]["crew"])
	acknowledged = crew.post(f"{server}{SET_STATUS}", json={"dispatch": own, "status": "Acknowledged"})
	assert acknowledged.ok, acknowledged.text
	assert acknowledged.json()["message"]["by"] == world["users"]["crew"]
	assert (
		crew.post(f"{server}{SET_STATUS}", json={"dispatch": foreign, "status": "Acknowledged"}).status_code
		== 403
	)
	backwards = crew.post(f"{server}{SET_STATUS}", json={"dispatch": own, "status": "Dispatched"})
	assert backwards.status_code == 417 and backwards.json()["exc_type"] == "InvalidStatusTransitionError"
	# Cancelling is the centre's decision; the crew reports back instead.
	cancel = crew.post(f"{server}{SET_STATUS}", json={"dispatch": own, "status": "Cancelled", "notes": "x"})
	assert cancel.status_code == 403 and cancel.json()["exc_type"] == "CancelNotAllowedError"
	cleared = crew.post(
		f"{server}{SET_STATUS}", json={"dispatch": own, "status": "Cleared", "notes": "Api padam"}
	)
	assert cleared.ok and cleared.json()["message"]["unit_status"] == "Available"

	frappe.db.rollback()
	assert frappe.db.get_value("Dispatch", foreign, "status") == "Dispatched"
	row = frappe.db.get_value(
		"Dispatch", own, ["status", "acknowledged_by", "cleared_by", "agency_notes"], as_dict=True
	)
	assert (row.status, row.acknowledged_by, row.cleared_by, row.agency_notes) == (
		"Cleared",
		world["users"]["crew"],
		world["users"]["crew"],
		"Api padam",
	)
	assert frappe.db.get_value("Emergency Unit", own_unit, "status") == "Available"


def test_bad_dispatch_requests_get_a_clear_4xx_and_write_nothing(server, world):
	unit = make_unit(world["agency"])
	frappe.db.commit()
	session = login(server, world["users"]["operator"])
	cases = [
		({"incident": world["incidents"][0]}, 417, "NothingToDispatchError"),
		({"incident": world["incidents"][0], "units": [unit, "NO-SUCH-UNIT"]}, 417, "UnknownUnitError"),
		({"incident": "INC-0000-00000", "units": [unit]}, 404, "DoesNotExistError"),
	]
	for payload, status, exc_type in cases:
		response = session.post(f"{server}{DISPATCH}", json=payload)
		assert (response.status_code, response.json().get("exc_type")) == (status, exc_type), response.text
	crew = login(server, world["users"]["crew"])
	assert (
		crew.post(
			f"{server}{DISPATCH}", json={"incident": world["incidents"][0], "units": [unit]}
		).status_code
		== 403
	)
	frappe.db.rollback()
	assert frappe.db.get_value("Emergency Unit", unit, "status") == "Available"
	assert not frappe.db.exists("Dispatch", {"unit": unit})
