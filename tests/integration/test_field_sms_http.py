"""Crew statuses by SMS through the centre's gateway: a member's code lands once, a stranger's and a
malformed text change nothing; every text is logged."""

import frappe
import pytest
import requests

from ambon_112.core.telephony import sign
from ambon_112.roles import AGENCY_STAFF
from ambon_112.tests.utils import (
	make_agency,
	make_api_user,
	make_dispatch,
	make_incident,
	make_unit,
	make_user,
)
from tests.bench import site_headers

pytestmark = pytest.mark.http

URL = "/api/method/ambon_112.api.field_sms.receive"
MEMBER_PHONE = "0812-4355-0017"  # as typed on the agency; the gateway sends +62…


@pytest.fixture(scope="module")
def sms(site):
	agency = make_agency("Fire")
	member = make_user([AGENCY_STAFF], agency=agency)
	doc = frappe.get_doc("Agency", agency)
	doc.members[0].mobile_no = MEMBER_PHONE
	doc.save(ignore_permissions=True)
	other = make_agency("Police")
	stranger = make_user([AGENCY_STAFF], agency=other)
	frappe.get_doc("Agency", other).members[0].db_set("mobile_no", "081299990000")
	_, key, secret = make_api_user()
	_, agency_key, agency_secret = make_api_user([AGENCY_STAFF])
	frappe.db.commit()
	return {
		"agency": agency,
		"member": member,
		"stranger": stranger,
		"auth": f"token {key}:{secret}",
		"agency_auth": f"token {agency_key}:{agency_secret}",
	}


def post(server, auth, **data):
	headers = {**site_headers(), "Authorization": auth}
	return requests.post(f"{server}{URL}", data=data, headers=headers, timeout=60)


def new_dispatch(agency):
	name = make_dispatch(make_incident().name, unit=make_unit(agency)).name
	frappe.db.commit()
	return name


def logged():
	frappe.db.rollback()
	filters = {"integration_request_service": "Ambon 112 SMS"}
	return frappe.get_all(
		"Integration Request", filters=filters, fields=["status", "data", "reference_docname"]
	)


def test_a_members_code_lands_once_and_the_reply_confirms(server, sms):
	name = new_dispatch(sms["agency"])
	text = f"112 {name} OS"
	first = post(server, sms["auth"], sender="+6281243550017", text=text, message_id="gw-1-" + name)
	assert first.status_code == 200, first.text
	answer = first.json()["message"]
	assert answer["accepted"] == 1 and answer["outcome"] == "Applied"
	assert name in answer["reply"] and "OS" in answer["reply"]
	frappe.db.rollback()
	doc = frappe.get_doc("Dispatch", name)
	assert doc.status == "On Scene" and doc.on_scene_by == sms["member"]
	# The gateway replays the same message: nothing changes.
	again = post(server, sms["auth"], sender="+6281243550017", text=text, message_id="gw-1-" + name)
	assert again.json()["message"]["accepted"] == 1
	frappe.db.rollback()
	rows = frappe.get_all("Field Update", filters={"dispatch": name}, fields=["source", "user", "outcome"])
	assert [(r.source, r.user, r.outcome) for r in rows] == [("SMS", sms["member"], "Applied")]


def test_a_strangers_code_and_a_malformed_text_change_nothing_and_are_logged(server, sms):
	name = new_dispatch(sms["agency"])
	before = [r.status for r in logged()].count("Failed")
	stranger = post(server, sms["auth"], sender="081299990000", text=f"112 {name} OS", message_id="x-" + name)
	assert stranger.status_code == 200
	assert stranger.json()["message"]["accepted"] == 0
	unknown = post(server, sms["auth"], sender="+6285200000000", text=f"112 {name} AK")
	assert unknown.json()["message"]["accepted"] == 0
	malformed = post(server, sms["auth"], sender="+6281243550017", text=f"112 {name} SUDAH SAMPAI")
	assert malformed.json()["message"]["accepted"] == 0
	assert "112" in malformed.json()["message"]["reply"]
	frappe.db.rollback()
	assert frappe.db.get_value("Dispatch", name, "status") == "Dispatched"
	assert not frappe.get_all("Field Update", filters={"dispatch": name})
	assert [r.status for r in logged()].count("Failed") == before + 3


def test_only_the_integration_user_may_post_and_the_signature_is_checked(server, sms):
	name = new_dispatch(sms["agency"])
	refused = post(server, sms["agency_auth"], sender="+6281243550017", text=f"112 {name} AK")
	assert refused.status_code == 403
	settings = frappe.get_single("Ambon 112 Settings")
	settings.telephony_secret = "rahasia-sms"
	settings.save()
	frappe.db.commit()
	try:
		body = f"sender=%2B6281243550017&text=112+{name}+AK"
		headers = {
			**site_headers(),
			"Authorization": sms["auth"],
			"Content-Type": "application/x-www-form-urlencoded",
		}
		unsigned = requests.post(f"{server}{URL}", data=body, headers=headers, timeout=60)
		assert unsigned.status_code == 401
		signed = requests.post(
			f"{server}{URL}",
			data=body,
			headers={**headers, "X-Ambon112-Signature": sign("rahasia-sms", body.encode())},
			timeout=60,
		)
		assert signed.status_code == 200 and signed.json()["message"]["accepted"] == 1
	finally:
		from frappe.utils.password import remove_encrypted_password

		remove_encrypted_password("Ambon 112 Settings", "Ambon 112 Settings", "telephony_secret")
		frappe.db.commit()
	frappe.db.rollback()
	assert frappe.db.get_value("Dispatch", name, "status") == "Acknowledged"
