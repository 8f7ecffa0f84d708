"""An incoming call pops up on the answering operator's desk, live.

The PBX posts to the telephony webhook over HTTP; Frappe's own socket.io server carries the event
to that operator's browser, and to no other operator's. Headless Chromium against the site as the
README's run command serves it (tests.bench.live_site); screenshots in
test-artifacts/incoming-call/ (not committed).
"""

import time

import frappe
import pytest
import requests
from frappe.translate import get_all_translations

from ambon_112.roles import OPERATOR
from ambon_112.tests.utils import TEST_PASSWORD, make_api_user, make_call, make_position, make_user
from tests.bench import REPO
from tests.integration.test_agency_portal_browser import NEEDS_CHROMIUM, log_in

SHOTS = REPO / "test-artifacts" / "incoming-call"
WEBHOOK = "/api/method/ambon_112.api.telephony.call_event"
POPUP = ".modal.show .modal-title"

pytestmark = [pytest.mark.http, NEEDS_CHROMIUM]


@pytest.fixture(scope="module")
def centre(site):
	"""Two operators on duty at their extensions, the PBX's API user, and a finished set-up wizard
	(without it the desk opens the wizard; put back afterwards, see test_browser.today_data)."""
	setup_complete = frappe.db.get_single_value("System Settings", "setup_complete")
	frappe.db.set_single_value("System Settings", "setup_complete", 1)
	_, key, secret = make_api_user()
	people = {"pbx": f"token {key}:{secret}"}
	for who in ("answering", "colleague"):
		user, extension = make_user([OPERATOR]), f"7{frappe.generate_hash(length=5)}"
		make_position(user, on_duty=1, extension=extension)
		people[who] = {"user": user, "extension": extension}
	frappe.db.commit()
	yield people
	frappe.db.set_value(
		"Operator Position", {"operator": ("in", [people[w]["user"] for w in ("answering", "colleague")])},
		"on_duty", 0,
	)  # fmt: skip
	frappe.db.set_single_value("System Settings", "setup_complete", setup_complete)
	frappe.db.commit()


def open_desk(chromium, base: str, user: str):
	"""An operator's desk, logged in through the login page, with its socket connected."""
	context = chromium.new_context(viewport={"width": 1440, "height": 1000}, timezone_id="Asia/Jayapura")
	page = log_in(context, base, user, "/app/emergency-call", timeout_ms=60_000)
	# Connected, and the desk's pop-up handler (bound at app_ready) is listening.
	page.wait_for_function(
		"() => window.frappe?.realtime?.socket?.connected"
		" && frappe.realtime.socket.listeners('ambon112_incoming_call').length > 0"
	)
	return page


def test_the_answering_operator_sees_the_caller_pop_up_and_opens_the_call(live_web, chromium, centre):
	number = f"0813{int(time.time() * 1000) % 10**8:08d}"
	make_call(caller_number=number, classification="Prank")  # an earlier call from the same number
	frappe.db.commit()
	desk = open_desk(chromium, live_web, centre["answering"]["user"])
	colleague = open_desk(chromium, live_web, centre["colleague"]["user"])

	call_id = f"pbx-{frappe.generate_hash(length=10)}"
	response = requests.post(
		f"{live_web}{WEBHOOK}",
		data={
			"call_id": call_id,
			"event": "answered",
			"caller": number,
			"agent": centre["answering"]["extension"],
		},
		headers={"Authorization": centre["pbx"]},
		timeout=60,
	)
	assert response.status_code == 200, response.text
	answered = response.json()["message"]
	assert answered["notified"] == [centre["answering"]["user"]]

	desk.wait_for_selector(POPUP, timeout=10_000)  # live: no reload, no polling
	body = desk.inner_text(".modal.show .modal-body")
	assert number in body
	translated = get_all_translations("id")
	assert translated["Prank"] in body  # the caller's history: one earlier prank
	desk.screenshot(path=str(SHOTS / "01-pop-up.png"), full_page=True)

	desk.locator(".modal.show .modal-footer .btn-primary").click()  # "Open Call"
	desk.wait_for_function("(call) => window.cur_frm && cur_frm.doc.name === call", arg=answered["call"])
	desk.screenshot(path=str(SHOTS / "02-call-form.png"), full_page=True)

	time.sleep(2)
	assert not colleague.query_selector(POPUP), "the pop-up went to another operator"
	assert not desk.errors and not colleague.errors, desk.errors + colleague.errors
