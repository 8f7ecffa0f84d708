"""The PBX and AML endpoints read exactly the bytes that are signed, over HTTP through gunicorn.

What these guard against: an unsigned `?caller=` was accepted next to a signed body, the
AML endpoints checked no signature, and a body claiming JSON that did not parse got a 500 with a
traceback.
"""

import json
import time
from contextlib import contextmanager
from urllib.parse import urlencode

import frappe
import pytest
import requests
from frappe.utils.password import remove_encrypted_password

from ambon_112.core.aml import sms_length_field
from ambon_112.core.telephony import sign
from ambon_112.tests.utils import POKA, make_api_user, random_number
from tests.bench import site_headers

pytestmark = pytest.mark.http

EVENT_URL = "/api/method/ambon_112.api.telephony.call_event"
AML_HTTPS_URL = "/api/method/ambon_112.api.aml.https"
AML_SMS_URL = "/api/method/ambon_112.api.aml.sms"
SETTINGS = "Ambon 112 Settings"
PBX_SECRET, AML_SECRET = "rahasia-pbx-ambon", "rahasia-aml-ambon"
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(scope="module")
def auth(site):
	_, key, secret = make_api_user()
	frappe.db.commit()
	return f"token {key}:{secret}"


@contextmanager
def secrets(telephony=None, aml=None):
	settings = frappe.get_single(SETTINGS)
	settings.telephony_secret, settings.aml_secret = telephony, aml
	settings.save()
	frappe.db.commit()
	try:
		yield
	finally:
		for field in ("telephony_secret", "aml_secret"):
			remove_encrypted_password(SETTINGS, SETTINGS, field)
		frappe.get_single(SETTINGS).save()  # clears the cached settings the server reads
		frappe.db.commit()


def post(server, url, auth, body: bytes | str, content_type=FORM, secret=None, params=None, headers=None):
	body = body.encode() if isinstance(body, str) else body
	all_headers = {**site_headers(), "Authorization": auth, "Content-Type": content_type, **(headers or {})}
	if secret:
		all_headers["X-Ambon112-Signature"] = sign(secret, body)
	return requests.post(f"{server}{url}", data=body, params=params, headers=all_headers, timeout=60)


def calls_with(call_id: str) -> list[dict]:
	frappe.db.rollback()
	return frappe.get_all(
		"Emergency Call", filters={"telephony_call_id": call_id}, fields=["name", "caller_number"]
	)


def aml_count() -> int:
	frappe.db.rollback()
	return frappe.db.count("AML Location")


def new_call_id() -> str:
	return f"{time.time():.6f}".replace(".", "") + "." + frappe.generate_hash(length=4)


def sms_text() -> str:
	body = f'A"ML=1;lt={POKA[0]:+.5f};lg={POKA[1]:+.5f};rd=12;top=20260214030000;lc=68;pm=G;mcc=510;mnc=10'
	return body + sms_length_field(body)


# ---------------------------------------------------------------- sign and read the same bytes


def test_an_unsigned_url_parameter_next_to_a_signed_body_is_refused_and_writes_nothing(server, auth):
	with secrets(telephony=PBX_SECRET):
		call_id = new_call_id()
		body = f"call_id={call_id}&event=ringing"
		forged = post(server, EVENT_URL, auth, body, secret=PBX_SECRET, params={"caller": "081299990000"})
		assert forged.status_code == 400, forged.text
		assert forged.json()["exc_type"] == "MalformedRequestError"
		assert calls_with(call_id) == []
		# The same signed body alone is accepted, and the call has no number it did not carry.
		response = post(server, EVENT_URL, auth, body, secret=PBX_SECRET)
		assert response.status_code == 200, response.text
		assert [c.caller_number for c in calls_with(call_id)] == [None]


def test_url_parameters_are_refused_also_without_a_secret(server, auth):
	call_id = new_call_id()
	response = post(server, EVENT_URL, auth, f"call_id={call_id}&event=ringing", params={"caller": "0811"})
	assert response.status_code == 400 and calls_with(call_id) == []


def test_a_signed_json_event_is_read_from_its_body(server, auth):
	with secrets(telephony=PBX_SECRET):
		call_id, number = new_call_id(), random_number()
		body = json.dumps({"call_id": call_id, "event": "ringing", "caller": number})
		response = post(server, EVENT_URL, auth, body, content_type="application/json", secret=PBX_SECRET)
		assert response.status_code == 200, response.text
		assert [c.caller_number for c in calls_with(call_id)] == [number]


@pytest.mark.parametrize(
	"body, content_type, status",
	[
		("call_id={id}&event=ringing&caller=0811&caller=0812", FORM, 400),  # which caller was signed?
		('{{"call_id": "{id}", "event": "ringing", "event": "ended"}}', "application/json", 400),
		("call_id={id}&event=ringing", "text/plain", 415),
	],
)
def test_an_ambiguous_or_unknown_body_is_refused_even_when_signed(server, auth, body, content_type, status):
	with secrets(telephony=PBX_SECRET):
		call_id = new_call_id()
		response = post(server, EVENT_URL, auth, body.format(id=call_id), content_type, secret=PBX_SECRET)
		assert response.status_code == status, response.text
		assert calls_with(call_id) == []


# ---------------------------------------------------------------- AML is signed too


def test_aml_reports_need_the_signature_once_the_telephony_secret_is_set(server, auth):
	with secrets(telephony=PBX_SECRET):
		before = aml_count()
		body = urlencode({"text": sms_text(), "sender": "0811"})
		unsigned = post(server, AML_SMS_URL, auth, body)
		assert unsigned.status_code == 401 and unsigned.json()["exc_type"] == "InvalidSignatureError"
		https = post(server, AML_HTTPS_URL, auth, "v=3&location_latitude=-3.6&location_longitude=128.2")
		assert https.status_code == 401
		wrong = post(server, AML_SMS_URL, auth, body, secret="another-secret")
		assert wrong.status_code == 401
		assert aml_count() == before
		signed = post(server, AML_SMS_URL, auth, body, secret=PBX_SECRET)
		assert signed.status_code == 200, signed.text
		assert signed.json()["message"]["parse_status"] == "Parsed"


def test_an_aml_secret_of_its_own_replaces_the_telephony_one_for_aml(server, auth):
	with secrets(telephony=PBX_SECRET, aml=AML_SECRET):
		body = "v=3&emergency_number=112&location_latitude=-3.6&location_longitude=128.2"
		assert post(server, AML_HTTPS_URL, auth, body, secret=PBX_SECRET).status_code == 401
		assert post(server, AML_HTTPS_URL, auth, body, secret=AML_SECRET).status_code == 200
		forged = post(server, AML_HTTPS_URL, auth, body, secret=AML_SECRET, params={"device_number": "0811"})
		assert forged.status_code == 400


def test_a_signed_aml_body_that_is_not_fields_is_still_kept_raw(server, auth):
	with secrets(aml=AML_SECRET):
		body = "caller=1&caller=2 Tolong banjir"
		response = post(server, AML_SMS_URL, auth, body, secret=AML_SECRET)
		assert response.status_code == 200, response.text
		result = response.json()["message"]
		assert result["parse_status"] == "Unparsable"
		frappe.db.rollback()
		assert frappe.db.get_value("AML Location", result["aml_location"], "raw_message") == body


# ---------------------------------------------------------------- JSON that does not parse


@contextmanager
def tracebacks_allowed():
	"""The worst case: System Settings let Frappe send tracebacks to clients."""
	before = frappe.db.get_single_value("System Settings", "allow_error_traceback")
	frappe.db.set_single_value("System Settings", "allow_error_traceback", 1)
	frappe.db.commit()
	try:
		yield
	finally:
		frappe.db.set_single_value("System Settings", "allow_error_traceback", before)
		frappe.db.commit()


@pytest.mark.parametrize(
	"url, accept",
	[
		(EVENT_URL, "application/json"),
		(AML_HTTPS_URL, "application/json"),
		(AML_SMS_URL, "application/json"),
		("/api/resource/ToDo", "application/json"),
		("/api/method/login", "application/json"),
		("/agency", "application/json"),  # a website route, for a client that asks for JSON
	],
)
def test_a_body_claiming_json_that_does_not_parse_gets_400_without_a_traceback(server, auth, url, accept):
	with tracebacks_allowed():
		before = aml_count()
		response = post(
			server, url, auth, '{"call_id": "x1", "event": ', "application/json", headers={"Accept": accept}
		)
		assert response.status_code == 400, response.text[:300]
		assert "Traceback" not in response.text and "JSONDecodeError" not in response.text
		body = response.json()
		assert body["exc_type"] == "MalformedRequestError" and "exc" not in body
		assert "JSON" in json.loads(json.loads(body["_server_messages"])[0])["message"]
		assert aml_count() == before
