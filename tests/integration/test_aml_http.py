"""AML over HTTP, as the network and the SMS gateway post it: an odd message keeps its position,
the record says what was odd, and the operator sees it on the call and in the pop-up."""

import frappe
import pytest
import redis
import requests

from ambon_112.core.aml import sms_length_field
from ambon_112.tests.utils import BATU_MERAH, POKA, TEST_PASSWORD, random_number
from tests.bench import common_config, site_headers
from tests.integration import test_intake_http as intake_http
from tests.integration.test_intake_http import AML_HTTPS_URL, AML_SMS_URL, _messages, event, new_call_id, post
from tests.unit.test_aml import ELS_DATA_SMS_HEX

pytestmark = pytest.mark.http
world = intake_http.world  # the same fixture: the integration user and two operators on duty


def off_by_one(lat, lng) -> str:
	"""A message in the real format whose ml is one short, as in Google's published ELS example."""
	body = (
		f'A"ML=1;lt={lat:+.5f};lg={lng:+.5f};rd=14;top=20260214030005;lc=68;pm=W;'
		"si=510101234567890;ei=35123456789012;mcc=510;mnc=10"
	)
	right = int(sms_length_field(body).rsplit("=", 1)[1])
	return f"{body};ml={right - 1}"


def as_operator(server, world) -> requests.Session:
	session = requests.Session()
	session.headers.update(site_headers())
	user = frappe.db.get_value("User", world["operators"][0], "name")
	response = session.post(
		f"{server}/api/method/login", data={"usr": user, "pwd": TEST_PASSWORD}, timeout=30
	)
	assert response.ok, response.text
	return session


def record(name) -> dict:
	frappe.db.rollback()  # a fresh snapshot: see what the server committed
	return frappe.get_doc("AML Location", name).as_dict()


def test_an_off_length_sms_keeps_its_position_flagged_and_the_operator_sees_it(server, world):
	number = random_number()
	call = event(server, world, new_call_id(), "ringing", caller=number)["call"]
	text = off_by_one(*POKA)
	response = post(server, AML_SMS_URL, world["auth"], data={"text": text, "sender": number})
	assert response.status_code == 200, response.text
	result = response.json()["message"]
	assert (result["parse_status"], result["warnings"], result["emergency_call"]) == (
		"Parsed",
		["length_mismatch"],
		call,
	)
	aml = record(result["aml_location"])
	assert aml.raw_message == text  # verbatim
	assert (aml.latitude, aml.longitude) == (round(POKA[0], 5), round(POKA[1], 5))
	assert (aml.kelurahan, aml.has_warnings) == ("81.71.04.2002", 1)
	(warning,) = aml.warnings
	assert warning.code == "length_mismatch" and str(len(text) - 1) in warning.message
	# The operator reads the call over the desk's REST API: the position and the warning with it.
	session = as_operator(server, world)
	shown = session.get(f"{server}/api/resource/Emergency Call/{call}", timeout=30).json()["data"]
	assert (shown["location_source"], shown["kelurahan"], shown["aml_location"]) == (
		"AML",
		"81.71.04.2002",
		result["aml_location"],
	)
	assert shown["aml_warning"] == warning.message


def test_a_flagged_report_that_arrives_first_is_in_the_operators_pop_up(server, world):
	number = random_number()
	early = post(server, AML_SMS_URL, world["auth"], data={"text": off_by_one(*BATU_MERAH), "sender": number})
	assert early.json()["message"]["emergency_call"] is None  # no call yet: it waits
	listener = redis.Redis.from_url(common_config()["redis_socketio"]).pubsub()
	listener.subscribe("events")
	try:
		ringing = event(server, world, new_call_id(), "ringing", caller=number)
		operator = world["operators"][0]
		(popup,) = [
			m["message"]
			for m in _messages(
				listener, room=f"user:{operator}", until=lambda m: m["message"]["event"] == "ringing"
			)
			if m["message"]["call"] == ringing["call"]
		]
	finally:
		listener.close()
	frappe.db.rollback()
	message = frappe.get_all(
		"AML Location Warning", filters={"parent": early.json()["message"]["aml_location"]}, pluck="message"
	)
	assert popup["aml_warning"] == message[0]
	assert frappe.db.get_value("Emergency Call", ringing["call"], "kelurahan") == "81.71.02.2003"


def test_a_7_bit_packed_data_sms_is_decoded_and_kept_verbatim(server, world):
	response = post(
		server, AML_SMS_URL, world["auth"], data={"text": ELS_DATA_SMS_HEX, "sender": random_number()}
	)
	result = response.json()["message"]
	assert (result["parse_status"], result["warnings"]) == ("Parsed", ["packed_7bit"])
	aml = record(result["aml_location"])
	assert aml.raw_message == ELS_DATA_SMS_HEX and aml.decoded_message.startswith('A"ML=1;lt=37.42175;')
	assert (aml.latitude, aml.longitude, aml.outside_ambon) == (37.42175, -122.08461, 1)


def test_an_odd_https_report_keeps_its_position(server, world):
	form = {
		"v": "3",
		"location_latitude": BATU_MERAH[0],
		"location_longitude": BATU_MERAH[1],
		"location_time": "kemarin",
		"location_source": "BEIDOU",
		"device_number": random_number(),
	}
	result = post(server, AML_HTTPS_URL, world["auth"], data=form).json()["message"]
	assert result["parse_status"] == "Parsed"
	assert sorted(result["warnings"]) == ["method_unknown", "time_unreadable"]
	aml = record(result["aml_location"])
	assert (aml.latitude, aml.positioning_method, aml.located_at) == (
		round(BATU_MERAH[0], 7),
		"Unknown",
		None,
	)


def test_no_usable_position_keeps_the_raw_text_and_the_reason(server, world):
	text = 'A"ML=1;lt=+93.10000;lg=+128.20000;rd=10;pm=G;ml=41'
	result = post(server, AML_SMS_URL, world["auth"], data={"text": text, "sender": random_number()}).json()
	aml = record(result["message"]["aml_location"])
	assert (aml.parse_status, aml.latitude, aml.raw_message) == ("Unparsable", 0, text)
	assert "93.1" in aml.parse_error


def test_the_raw_text_is_kept_verbatim_even_when_it_holds_markup(server, world):
	text = 'A"ML=1;lt=-3.68<b>;lg=+128.21;pm=<img src=x onerror=alert(1)>;ml=9'
	result = post(server, AML_SMS_URL, world["auth"], data={"text": text, "sender": random_number()}).json()
	aml = record(result["message"]["aml_location"])
	assert aml.raw_message == text  # not rewritten by Frappe's HTML sanitizer
	assert aml.parse_status == "Unparsable" and "<" not in aml.parse_error


def test_strict_mode_refuses_the_off_length_message_but_keeps_it(server, world):
	strict(1)
	try:
		text = off_by_one(*POKA)
		result = post(
			server, AML_SMS_URL, world["auth"], data={"text": text, "sender": random_number()}
		).json()
		aml = record(result["message"]["aml_location"])
		assert (aml.parse_status, aml.raw_message, aml.has_warnings) == ("Unparsable", text, 0)
		assert aml.parse_error
	finally:
		strict(0)


def strict(on: int):
	"""As an administrator sets it in the desk (the save clears the cached settings)."""
	settings = frappe.get_single("Ambon 112 Settings")
	settings.aml_strict_parsing = on
	settings.save()
	frappe.db.commit()


def test_the_operator_may_read_the_warnings(server, world):
	text = off_by_one(*POKA)
	name = post(server, AML_SMS_URL, world["auth"], data={"text": text, "sender": random_number()}).json()[
		"message"
	]["aml_location"]
	session = as_operator(server, world)
	shown = session.get(f"{server}/api/resource/AML Location/{name}", timeout=30).json()["data"]
	assert [w["code"] for w in shown["warnings"]] == ["length_mismatch"] and shown["has_warnings"] == 1
