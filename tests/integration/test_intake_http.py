"""Telephony and AML intake over HTTP, through gunicorn with 4 workers, as the PBX meets it."""

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from zoneinfo import ZoneInfo

import frappe
import pytest
import redis
import requests

from ambon_112.core.aml import sms_length_field
from ambon_112.core.telephony import sign
from ambon_112.intake.on_duty import clear_roster
from ambon_112.roles import OPERATOR, SUPERVISOR
from ambon_112.tests.utils import (
	BATU_MERAH,
	POKA,
	make_api_user,
	make_call,
	make_incident,
	make_position,
	make_user,
	random_number,
)
from tests.bench import TEST_SITE, common_config, error_message, site_headers

pytestmark = pytest.mark.http

EVENT_URL = "/api/method/ambon_112.api.telephony.call_event"
AML_HTTPS_URL = "/api/method/ambon_112.api.aml.https"
AML_SMS_URL = "/api/method/ambon_112.api.aml.sms"
TIMES = ("received_at", "answered_at", "ended_at")


@pytest.fixture(scope="module")
def world(site):
	"""The PBX's integration user, two operators on duty at positions with extensions, committed."""
	frappe.db.set_value("Operator Position", {"on_duty": 1}, "on_duty", 0)
	clear_roster()
	integration, key, secret = make_api_user()
	_, op_key, op_secret = make_api_user([OPERATOR])
	operators = [make_user([OPERATOR]), make_user([OPERATOR])]
	extensions = [f"7{frappe.generate_hash(length=5)}", f"7{frappe.generate_hash(length=5)}"]
	for operator, extension in zip(operators, extensions, strict=True):
		make_position(operator, on_duty=1, extension=extension)
	supervisor = make_user([SUPERVISOR])
	frappe.db.commit()
	yield {
		"integration": integration,
		"auth": f"token {key}:{secret}",
		"operator_auth": f"token {op_key}:{op_secret}",
		"operators": operators,
		"extensions": extensions,
		"supervisor": supervisor,
	}
	frappe.db.rollback()
	frappe.db.set_value("Operator Position", {"operator": ("in", operators)}, "on_duty", 0)
	frappe.db.commit()
	clear_roster()


def post(server, url, auth, data=None, json_body=None, headers=None, raw=None):
	all_headers = {**site_headers(), **({"Authorization": auth} if auth else {}), **(headers or {})}
	if raw is not None:
		all_headers["Content-Type"] = "application/x-www-form-urlencoded"
		return requests.post(f"{server}{url}", data=raw, headers=all_headers, timeout=60)
	return requests.post(f"{server}{url}", data=data, json=json_body, headers=all_headers, timeout=60)


def event(server, world, call_id, kind, **fields):
	response = post(server, EVENT_URL, world["auth"], data={"call_id": call_id, "event": kind, **fields})
	assert response.status_code == 200, response.text
	return response.json()["message"]


def calls_with(call_id: str) -> list[dict]:
	frappe.db.rollback()  # a fresh snapshot: see what the server committed
	return frappe.get_all(
		"Emergency Call",
		filters={"telephony_call_id": call_id},
		fields=["name", "received_at", "answered_at", "ended_at", "call_state", "operator", "caller_number"],
	)


def new_call_id() -> str:
	return f"{time.time():.6f}".replace(".", "") + "." + frappe.generate_hash(length=4)


def count_calls() -> int:
	frappe.db.rollback()
	return frappe.db.count("Emergency Call")


# ---------------------------------------------------------------- one call per call id


def test_ringing_creates_one_call_and_pops_up_for_everyone_on_duty(server, world):
	call_id, number = new_call_id(), random_number()
	result = event(server, world, call_id, "ringing", caller=number, timestamp=int(time.time()))
	assert result["created"] is True and result["call_state"] == "Ringing"
	assert sorted(result["notified"]) == sorted(world["operators"])
	(call,) = calls_with(call_id)
	assert call.caller_number == number and call.name == result["call"]


def test_a_replayed_event_never_creates_a_second_call_nor_a_second_pop_up(server, world):
	call_id, now = new_call_id(), int(time.time())
	first = event(server, world, call_id, "ringing", caller=random_number(), timestamp=now)
	again = event(server, world, call_id, "ringing", caller=random_number(), timestamp=now)
	assert (again["call"], again["created"], again["changed"], again["notified"]) == (
		first["call"],
		False,
		False,
		[],
	)
	assert len(calls_with(call_id)) == 1


def test_events_out_of_order_lose_no_timestamp(server, world):
	call_id, t0 = new_call_id(), int(time.time()) - 120
	extension, operator = world["extensions"][1], world["operators"][1]
	ended = event(server, world, call_id, "hangup", timestamp=t0 + 95)
	assert ended["call_state"] == "Missed"  # so far it looks unanswered
	answered = event(server, world, call_id, "answer", agent=extension, timestamp=t0 + 8)
	assert answered["notified"] == [operator]
	event(server, world, call_id, "ringing", caller="081243551234", timestamp=t0)
	(call,) = calls_with(call_id)
	assert call.call_state == "Ended" and call.operator == operator
	wit = ZoneInfo(frappe.utils.get_system_timezone())  # stored as the site's local time
	stamps = [int(frappe.utils.get_datetime(call[f]).replace(tzinfo=wit).timestamp()) for f in TIMES]
	assert stamps == [t0, t0 + 8, t0 + 95]
	delays = frappe.db.get_value("Emergency Call", call.name, ["answer_delay_seconds", "duration_seconds"])
	assert delays == (8, 87)


def test_simultaneous_ringing_posts_create_exactly_one_call(server, world):
	for _ in range(3):
		call_id, number, now = new_call_id(), random_number(), int(time.time())
		barrier = threading.Barrier(8)

		def ring(_):
			barrier.wait()
			return post(
				server,
				EVENT_URL,
				world["auth"],
				data={"call_id": call_id, "event": "ringing", "caller": number, "timestamp": now},
			)

		with ThreadPoolExecutor(8) as pool:
			responses = list(pool.map(ring, range(8)))
		assert [r.status_code for r in responses] == [200] * 8, [r.text[:300] for r in responses]
		results = [r.json()["message"] for r in responses]
		assert sum(r["created"] for r in results) == 1
		assert len({r["call"] for r in results}) == 1
		assert len(calls_with(call_id)) == 1


# ---------------------------------------------------------------- the operator's pop-up


def test_the_answering_operator_gets_a_realtime_pop_up_with_the_callers_history(server, world):
	number, operator, extension = random_number(), world["operators"][0], world["extensions"][0]
	incident = make_incident("Flood", position=POKA)
	make_call(caller_number=number, classification="Prank")
	make_call(caller_number=number, classification="Prank")
	make_call(caller_number=number, incident=incident.name)
	frappe.db.commit()

	listener = redis.Redis.from_url(common_config()["redis_socketio"]).pubsub()
	listener.subscribe("events")
	try:
		call_id = new_call_id()
		event(server, world, call_id, "ringing", caller=number)
		answered = event(server, world, call_id, "answered", agent=extension)
		assert answered["notified"] == [operator]
		messages = _messages(
			listener, room=f"user:{operator}", until=lambda m: m["message"]["event"] == "answered"
		)
	finally:
		listener.close()
	rang, popup = messages[0]["message"], messages[-1]["message"]
	# Ringing shows the history read while the call was inserted, answering reads it again: the same.
	assert rang["event"] == "ringing" and rang["history"]["by_class"] == popup["history"]["by_class"]
	assert popup["call"] == answered["call"] and popup["caller_number"] == number
	assert popup["history"]["by_class"]["Prank"] == 2 and popup["history"]["by_class"]["Emergency"] == 1
	assert popup["history"]["last_incident"]["name"] == incident.name
	assert [i["name"] for i in popup["history"]["open_incidents"]] == [incident.name]
	assert popup["url"].endswith(f"/app/emergency-call/{answered['call']}")
	assert all(m["room"] != "all" for m in messages)  # never site-wide


def _messages(listener, room, until, timeout=20):
	found, deadline = [], time.monotonic() + timeout
	while time.monotonic() < deadline:
		raw = listener.get_message(timeout=1)
		if not raw or raw["type"] != "message":
			continue
		data = json.loads(raw["data"])
		if (
			data.get("namespace") == TEST_SITE
			and data.get("event") == "ambon112_incoming_call"
			and data["room"] == room
		):
			found.append(data)
			if until(data):
				return found
	raise AssertionError(f"no pop-up for {room} within {timeout}s (got {len(found)})")


# ---------------------------------------------------------------- bad input


def test_unauthenticated_or_unauthorised_posts_are_refused_and_write_nothing(server, world):
	before = count_calls()
	data = {"call_id": new_call_id(), "event": "ringing", "caller": random_number()}
	assert post(server, EVENT_URL, None, data=data).status_code == 403
	assert post(server, EVENT_URL, "token nokey:nosecret", data=data).status_code == 401
	refused = post(server, EVENT_URL, world["operator_auth"], data=data)
	assert refused.status_code == 403 and "112 Integration" in refused.text
	get = requests.get(
		f"{server}{EVENT_URL}", params=data, headers={**site_headers(), "Authorization": world["auth"]}
	)
	assert get.status_code == 403  # POST only
	assert count_calls() == before


@pytest.mark.parametrize(
	"data, field",
	[
		({"event": "ringing"}, "call_id"),
		({"call_id": "a b c", "event": "ringing"}, "call_id"),
		({"call_id": "x1", "event": "exploded"}, "event"),
		({"call_id": "x1", "event": "ringing", "timestamp": "kemarin"}, "timestamp"),
		({"call_id": "x1", "event": "ringing", "timestamp": "1000"}, "timestamp"),
		({"call_id": "x1", "event": "ringing", "caller": "0" * 80}, "caller"),
		({"call_id": "x1", "event": "answered", "agent": "201' or 1=1"}, "agent"),
	],
)
def test_malformed_events_get_400_with_a_clear_message_and_write_nothing(server, world, data, field):
	before = count_calls()
	response = post(server, EVENT_URL, world["auth"], data=data)
	assert response.status_code == 400, response.text
	body = response.json()
	assert body["exc_type"] == "InvalidCallEventError" and field in error_message(response)
	assert count_calls() == before


def test_a_json_array_instead_of_an_object_gets_400(server, world):
	response = post(server, EVENT_URL, world["auth"], json_body=[{"call_id": "x", "event": "ringing"}])
	assert response.status_code == 400


def test_an_oversized_request_gets_413_and_writes_nothing(server, world):
	before = count_calls()
	data = {"call_id": new_call_id(), "event": "ringing", "padding": "x" * 5000}
	response = post(server, EVENT_URL, world["auth"], data=data)
	assert response.status_code == 413 and response.json()["exc_type"] == "RequestTooLargeError"
	assert count_calls() == before


def test_a_configured_signature_secret_is_required(server, world):
	settings = frappe.get_single("Ambon 112 Settings")
	settings.telephony_secret = "rahasia-pbx-ambon"
	settings.save()
	frappe.db.commit()
	try:
		before = count_calls()
		call_id = new_call_id()
		body = f"call_id={call_id}&event=ringing&caller=081243550000"
		assert post(server, EVENT_URL, world["auth"], raw=body).status_code == 401
		wrong = sign("another-secret", body.encode())
		response = post(server, EVENT_URL, world["auth"], raw=body, headers={"X-Ambon112-Signature": wrong})
		assert response.status_code == 401 and response.json()["exc_type"] == "InvalidSignatureError"
		assert count_calls() == before
		right = sign("rahasia-pbx-ambon", body.encode())
		response = post(server, EVENT_URL, world["auth"], raw=body, headers={"X-Ambon112-Signature": right})
		assert response.status_code == 200, response.text
		assert len(calls_with(call_id)) == 1
	finally:
		from frappe.utils.password import remove_encrypted_password

		remove_encrypted_password("Ambon 112 Settings", "Ambon 112 Settings", "telephony_secret")
		frappe.db.commit()


# ---------------------------------------------------------------- AML


def aml_sms(lat, lng) -> str:
	body = (
		f'A"ML=1;lt={lat:+.5f};lg={lng:+.5f};rd=12;top=20260214030000;lc=68;pm=G;'
		"si=510101234567890;ei=35123456789012;mcc=510;mnc=10"
	)
	return body + sms_length_field(body)


def test_aml_https_report_is_attached_to_the_callers_call(server, world):
	number = random_number()
	call = event(server, world, new_call_id(), "ringing", caller=number)["call"]
	form = {
		"v": "3",
		"emergency_number": "112",
		"location_latitude": BATU_MERAH[0],
		"location_longitude": BATU_MERAH[1],
		"location_time": int(time.time() * 1000),
		"location_accuracy": "8.5",
		"location_confidence": "68",
		"location_source": "GPS",
		"device_number": "+62" + number[1:],
		"device_imei": "351234567890123",
	}
	response = post(server, AML_HTTPS_URL, world["auth"], data=form)
	assert response.status_code == 200, response.text
	result = response.json()["message"]
	assert (result["parse_status"], result["emergency_call"]) == ("Parsed", call)
	frappe.db.rollback()
	located = frappe.db.get_value(
		"Emergency Call", call, ["kelurahan", "location_source", "location_accuracy_m"], as_dict=True
	)
	assert (located.kelurahan, located.location_source, located.location_accuracy_m) == (
		"81.71.02.2003",
		"AML",
		8.5,
	)


def test_aml_sms_in_the_real_format_is_attached(server, world):
	number = random_number()
	call = event(server, world, new_call_id(), "ringing", caller=number)["call"]
	response = post(server, AML_SMS_URL, world["auth"], data={"text": aml_sms(*POKA), "sender": number})
	assert response.status_code == 200
	assert response.json()["message"]["emergency_call"] == call
	frappe.db.rollback()
	assert frappe.db.get_value("Emergency Call", call, "kelurahan") == "81.71.04.2002"


@pytest.mark.parametrize("text", ['A"ML=1;lt=+91;lg=0;ml=5', "Tolong, banjir!", "", "🔥" * 50])
def test_garbage_aml_gets_2xx_and_is_kept_raw(server, world, text):
	response = post(server, AML_SMS_URL, world["auth"], data={"text": text, "sender": random_number()})
	assert response.status_code == 200, response.text
	result = response.json()["message"]
	assert result["parse_status"] == "Unparsable" and result["emergency_call"] is None
	frappe.db.rollback()
	assert (frappe.db.get_value("AML Location", result["aml_location"], "raw_message") or "") == text


def test_aml_posts_need_the_integration_user_and_a_sane_size(server, world):
	frappe.db.rollback()
	before = frappe.db.count("AML Location")
	assert post(server, AML_SMS_URL, None, data={"text": aml_sms(*POKA)}).status_code == 403
	assert post(server, AML_SMS_URL, world["operator_auth"], data={"text": aml_sms(*POKA)}).status_code == 403
	assert post(server, AML_HTTPS_URL, world["auth"], data={"v": "3", "x": "y" * 9000}).status_code == 413
	frappe.db.rollback()
	assert frappe.db.count("AML Location") == before
