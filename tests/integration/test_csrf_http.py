"""CSRF over HTTP: every browser session has a token from its first request, its pages give it to
their scripts, and a POST without it is refused; requests authenticated by API key need none."""

import frappe
import pytest
import requests

from ambon_112.roles import AGENCY_STAFF, OPERATOR, VIEWER
from ambon_112.tests.utils import (
	TEST_PASSWORD,
	make_agency,
	make_api_user,
	make_dispatch,
	make_incident,
	make_unit,
	make_user,
)
from tests.bench import page_csrf_token, site_headers

pytestmark = pytest.mark.http

SAVE_REPORT = "/api/method/ambon_112.api.agency_portal.save_report"


@pytest.fixture(scope="module")
def world(site):
	agency = make_agency("Fire")
	dispatch = make_dispatch(make_incident().name, unit=make_unit(agency))
	users = {
		"crew": make_user([AGENCY_STAFF], agency=agency),
		"operator": make_user([OPERATOR]),
		"viewer": make_user([VIEWER]),
	}
	frappe.db.commit()
	return {"users": users, "dispatch": dispatch.name}


def logged_in(server, user) -> requests.Session:
	"""A session just logged in, as a browser has it before any page: the login needs no token."""
	session = requests.Session()
	session.headers.update(site_headers())
	answer = session.post(f"{server}/api/method/login", data={"usr": user, "pwd": TEST_PASSWORD}, timeout=30)
	assert answer.ok, answer.text[:300]
	return session


def refused_as_forged(answer) -> bool:
	return answer.status_code == 400 and answer.json().get("exc_type") == "CSRFTokenError"


def notes_of(dispatch):
	frappe.db.rollback()  # what the server committed
	return frappe.db.get_value("Dispatch", dispatch, "agency_notes")


def test_a_portal_post_without_the_pages_token_is_refused(server, world):
	crew, dispatch = logged_in(server, world["users"]["crew"]), world["dispatch"]
	# Right after login, before any page: what another site's form would post with the crew's cookie.
	forged = crew.post(f"{server}{SAVE_REPORT}", data={"dispatch": dispatch, "notes": "palsu"})
	assert refused_as_forged(forged), (forged.status_code, forged.text[:300])
	wrong = crew.post(
		f"{server}{SAVE_REPORT}",
		data={"dispatch": dispatch, "notes": "palsu"},
		headers={"X-Frappe-CSRF-Token": "0" * 56},
	)
	assert refused_as_forged(wrong), (wrong.status_code, wrong.text[:300])
	assert notes_of(dispatch) != "palsu"

	# The portal's own pages give their scripts the session's token, and their posts go through.
	token = page_csrf_token(crew, server, "/agency")
	assert page_csrf_token(crew, server, f"/agency/{dispatch}") == token
	sent = crew.post(
		f"{server}{SAVE_REPORT}",
		data={"dispatch": dispatch, "notes": "Api padam"},
		headers={"X-Frappe-CSRF-Token": token},
	)
	assert sent.ok, sent.text[:300]
	assert notes_of(dispatch) == "Api padam"


def test_desk_sessions_need_it_from_their_first_request_too(server, world):
	path = f"{server}/api/method/frappe.auth.get_logged_user"
	for who in ("viewer", "operator"):
		session = logged_in(server, world["users"][who])
		# Before the desk page is even opened (after a login that led to a website page, say).
		assert refused_as_forged(session.post(path)), who
		token = page_csrf_token(session, server, "/app")  # the desk's page gives it, as before
		answer = session.post(path, headers={"X-Frappe-CSRF-Token": token})
		assert answer.ok and answer.json()["message"] == world["users"][who], (who, answer.text[:300])


def test_api_key_requests_need_no_csrf_token(server, world):
	_user, key, secret = make_api_user()
	frappe.db.commit()
	answer = requests.post(
		f"{server}/api/method/ambon_112.api.telephony.call_event",
		data={
			"call_id": f"csrf-{frappe.generate_hash(length=8)}",
			"event": "ringing",
			"caller": "081243551234",
		},
		headers={**site_headers(), "Authorization": f"token {key}:{secret}"},
		timeout=30,
	)
	assert answer.ok, answer.text[:300]
