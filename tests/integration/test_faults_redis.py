"""Redis down: cache, queue and realtime at once (one private redis-server serves all three, and the
test kills it). Calls are still recorded and answered 2xx, rosters and watch lists come from the
database, operators still log in, the desk's poll shows the ringing calls; when Redis is back,
everything works again in the same server processes, without a restart."""

import json
import threading
import time

import frappe
import pytest
import requests

from ambon_112.roles import OPERATOR
from ambon_112.tests.utils import make_api_user, make_position, make_user, make_watch, random_number
from tests.bench import REPO, gunicorn, login, site_headers
from tests.faults import private_redis, site_redis, wait_for

WEBHOOK = "/api/method/ambon_112.api.telephony.call_event"
RINGING = "/api/method/ambon_112.api.intake.ringing_calls"
ARTIFACTS = REPO / "test-artifacts" / "faults-redis"

pytestmark = pytest.mark.http


@pytest.fixture(scope="module")
def centre(site):
	_, key, secret = make_api_user()
	operator, extension = make_user([OPERATOR]), f"6{frappe.generate_hash(length=5)}"
	position = make_position(operator, on_duty=1, extension=extension)
	relief = make_user([OPERATOR])
	relief_position = make_position(relief, on_duty=0)
	frappe.db.commit()
	yield frappe._dict(
		pbx=f"token {key}:{secret}",
		operator=operator,
		extension=extension,
		relief=relief,
		relief_position=relief_position,
	)
	frappe.db.set_value("Operator Position", {"name": ("in", [position, relief_position])}, "on_duty", 0)
	frappe.db.commit()


@pytest.fixture(scope="module")
def redis_server(centre):
	ARTIFACTS.mkdir(parents=True, exist_ok=True)
	with private_redis() as server, site_redis(server.url):
		yield server


@pytest.fixture(scope="module")
def web(redis_server):
	"""gunicorn reading the private Redis for cache, queue and realtime."""
	with gunicorn(workers=2, log_path=ARTIFACTS / "gunicorn.log") as base:
		yield base


def post_event(web, centre, call_id, kind, **fields):
	return requests.post(
		f"{web}{WEBHOOK}",
		data={"call_id": call_id, "event": kind, **fields},
		headers={**site_headers(), "Authorization": centre.pbx},
		timeout=60,
	)


def stored(call_id: str) -> dict | None:
	frappe.db.rollback()  # a fresh snapshot: what the server committed
	return frappe.db.get_value(
		"Emergency Call",
		{"telephony_call_id": call_id},
		["name", "call_state", "received_at", "answered_at", "ended_at", "caller_watch", "operator"],
		as_dict=True,
	)


def cached_keys(redis_server, pattern: str) -> list:
	return redis_server.client().keys(f"*{pattern}*")


class RealtimeListener:
	"""What the server publishes to the realtime server through Redis (the "events" channel)."""

	def __init__(self, redis_server):
		self.messages, self.client = [], redis_server.client()
		self.pubsub = self.client.pubsub()
		self.pubsub.subscribe("events")
		self.thread = threading.Thread(target=self._listen, daemon=True)
		self.thread.start()

	def _listen(self):
		try:
			for message in self.pubsub.listen():
				if message["type"] == "message":
					self.messages.append(json.loads(message["data"]))
		except Exception:
			pass  # the server went away

	def popups(self, call: str) -> list:
		return [
			m
			for m in self.messages
			if m["event"] == "ambon112_incoming_call" and m["message"]["call"] == call
		]


def test_redis_down_calls_are_recorded_answered_2xx_and_everything_returns_with_redis(
	web, centre, redis_server
):
	# Redis up: the pop-up goes out through Redis, the roster and watch list are cached there.
	listener = RealtimeListener(redis_server)
	before = f"redis-up-{frappe.generate_hash(length=8)}"
	response = post_event(web, centre, before, "ringing", caller=random_number())
	assert response.status_code == 200, response.text
	assert response.json()["message"]["notified"] == [centre.operator]
	call = stored(before).name
	wait_for(lambda: listener.popups(call), 10, "the pop-up on Redis")
	assert cached_keys(redis_server, "ambon112:duty_roster"), "the roster is cached in Redis"
	desk = login(web, centre.operator)
	assert desk.get(f"{web}{RINGING}", timeout=30).json()["message"]["realtime"] is True

	redis_server.kill()

	# Every event of a call is recorded and answered 2xx, nothing raises to the PBX.
	during = f"redis-down-{frappe.generate_hash(length=8)}"
	number = random_number()
	for kind, fields in (
		("ringing", {"caller": number}),
		("answered", {"agent": centre.extension}),
		("ended", {}),
	):
		response = post_event(web, centre, during, kind, **fields)
		assert response.status_code == 200, (kind, response.status_code, response.text[:2000])
	call = stored(during)
	assert call and call.call_state == "Ended" and call.received_at and call.answered_at and call.ended_at
	assert call.operator == centre.operator, "the agent's extension is read from the database"

	# The roster and the watch list come from the database: a relief operator who came on duty and a
	# number put on the watch list while Redis was down count for the very next call.
	# Signed on as the desk does it, both desks open: pop-ups go to live consoles (operations/console.py),
	# whose heartbeats are written to the database, not to Redis.
	frappe.db.set_value("Operator Position", centre.relief_position, "on_duty", 1)
	frappe.db.set_value(
		"Operator Position",
		{"operator": ("in", [centre.operator, centre.relief])},
		"last_heartbeat",
		frappe.utils.now_datetime(),
	)
	watched = random_number()
	watch = make_watch(watched).name
	frappe.db.commit()
	ringing = f"redis-down-ringing-{frappe.generate_hash(length=8)}"
	response = post_event(web, centre, ringing, "ringing", caller=watched)
	assert response.status_code == 200, response.text[:2000]
	assert sorted(response.json()["message"]["notified"]) == sorted([centre.operator, centre.relief])
	assert stored(ringing).caller_watch == watch

	# An operator still logs in, and the desk's poll shows the ringing call and says realtime is down.
	relief_desk = login(web, centre.relief)
	polled = relief_desk.get(f"{web}{RINGING}", timeout=30)
	assert polled.status_code == 200, polled.text[:2000]
	assert polled.json()["message"]["realtime"] is False
	assert stored(ringing).name in [c["call"] for c in polled.json()["message"]["calls"]]

	# Redis is back (empty, as after a crash): the same server processes use it again.
	redis_server.start()
	listener = RealtimeListener(redis_server)
	after = f"redis-back-{frappe.generate_hash(length=8)}"
	response = post_event(web, centre, after, "ringing", caller=random_number())
	assert response.status_code == 200, response.text[:2000]
	call = stored(after).name
	wait_for(lambda: listener.popups(call), 10, "the pop-up on Redis again")
	assert cached_keys(redis_server, "ambon112:duty_roster"), "the roster is cached again"
	assert desk.get(f"{web}{RINGING}", timeout=30).json()["message"]["realtime"] is True

	frappe.db.set_value("Operator Position", centre.relief_position, "on_duty", 0)
	frappe.db.commit()
