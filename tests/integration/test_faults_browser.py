"""What the desk shows, live, when things are not ordinary: an escalation storm arrives as one
message and fills one dialog; an AML report that was odd shows its warning in the call pop-up.

Headless Chromium, gunicorn and Frappe's socket.io server as under `bench start`; screenshots
in test-artifacts/faults/ (not committed)."""

import frappe
import pytest
import requests
from frappe.utils import add_to_date, now_datetime

from ambon_112.core.aml import sms_length_field
from ambon_112.roles import OPERATOR, SUPERVISOR
from ambon_112.tests.utils import (
	POKA,
	escalation_level,
	make_api_user,
	make_call,
	make_escalation_policy,
	make_position,
	make_user,
	random_number,
)
from tests.bench import REPO
from tests.integration import test_escalation_concurrency as concurrency
from tests.integration.test_agency_portal_browser import NEEDS_CHROMIUM, log_in
from tests.integration.test_escalation_concurrency import Worker

SHOTS = REPO / "test-artifacts" / "faults"
DIALOG = ".modal.show"

pytestmark = [pytest.mark.http, NEEDS_CHROMIUM]
committed = concurrency.committed  # only this module's policies are active; calls ended afterwards


@pytest.fixture(scope="module")
def setup_done(site):
	"""A finished set-up wizard (without it the desk opens the wizard); put back afterwards."""
	before = frappe.db.get_single_value("System Settings", "setup_complete")
	frappe.db.set_single_value("System Settings", "setup_complete", 1)
	frappe.db.commit()
	yield
	frappe.db.set_single_value("System Settings", "setup_complete", before)
	frappe.db.commit()


def open_desk(chromium, base: str, user: str, event: str):
	context = chromium.new_context(viewport={"width": 1440, "height": 1000}, timezone_id="Asia/Jayapura")
	page = log_in(context, base, user, "/app/escalation-log", timeout_ms=60_000)
	page.wait_for_function(
		"(event) => window.frappe?.realtime?.socket?.connected"
		" && frappe.realtime.socket.listeners(event).length > 0",
		arg=event,
	)
	return page


def test_a_storm_of_escalations_fills_one_dialog_on_the_supervisors_desk(
	live_web, chromium, setup_done, committed
):
	supervisor = committed["supervisor"]
	committed["policies"].append(
		make_escalation_policy(
			"Emergency Call", [escalation_level(1, "Call Unanswered", 15, users=[supervisor])]
		).name
	)
	calls = [make_call().name for _ in range(25)]
	committed["calls"] += calls
	frappe.db.commit()
	desk = open_desk(chromium, live_web, supervisor, "ambon112_escalation")

	def sweep_and_commit():
		from ambon_112.escalation.sweep import sweep

		counts = sweep(add_to_date(now_datetime(), seconds=90))
		frappe.db.commit()
		return counts

	fired = Worker(sweep_and_commit).join()["fired"]  # (calls other modules left ringing fire too)
	assert fired >= 25
	desk.wait_for_selector(f"{DIALOG} .escalation-alert", timeout=15_000)
	desk.wait_for_function("() => document.querySelectorAll('.modal.show .escalation-alert').length === 20")
	more = desk.inner_text(f"{DIALOG} .modal-body p:last-child")  # "5 more escalations: open the list"
	assert str(fired - 20) in more
	assert desk.evaluate("() => Object.keys(ambon112.escalation.pending).length") == fired
	desk.screenshot(path=str(SHOTS / "01-escalation-storm.png"), full_page=True)
	desk.locator(f"{DIALOG} .modal-body p:last-child a").click()
	desk.wait_for_function("() => frappe.get_route_str().startsWith('List/Escalation Log')")
	assert not desk.errors, desk.errors


def test_an_odd_aml_report_shows_its_warning_in_the_call_pop_up(live_web, chromium, setup_done):
	operator, extension = make_user([OPERATOR]), f"7{frappe.generate_hash(length=5)}"
	make_position(operator, on_duty=1, extension=extension)
	_, key, secret = make_api_user()
	frappe.db.commit()
	auth = {"Authorization": f"token {key}:{secret}"}
	desk = open_desk(chromium, live_web, operator, "ambon112_incoming_call")
	number = random_number()
	body = (
		f'A"ML=1;lt={POKA[0]:+.5f};lg={POKA[1]:+.5f};rd=14;top=20260214030005;lc=68;'
		"pm=W<img src=x onerror=window.pwned=1>"
	)
	text = f"{body};ml={int(sms_length_field(body).rsplit('=', 1)[1]) - 1}"  # one short
	aml = requests.post(
		f"{live_web}/api/method/ambon_112.api.aml.sms",
		data={"text": text, "sender": number},
		headers=auth,
		timeout=60,
	).json()["message"]
	assert aml["warnings"] == ["length_mismatch", "method_unknown"]
	ringing = requests.post(
		f"{live_web}/api/method/ambon_112.api.telephony.call_event",
		data={
			"call_id": f"pbx-{frappe.generate_hash(length=10)}",
			"event": "ringing",
			"caller": number,
			"agent": extension,
		},
		headers=auth,
		timeout=60,
	)
	assert ringing.status_code == 200, ringing.text
	desk.wait_for_selector(f"{DIALOG} .alert-warning", timeout=10_000)
	shown = desk.inner_text(f"{DIALOG} .alert-warning")
	frappe.db.rollback()
	messages = frappe.get_all(
		"AML Location Warning", filters={"parent": aml["aml_location"]}, pluck="message"
	)
	assert len(messages) == 2 and all(message in shown for message in messages)
	assert "W?IMG SRC=X ONERROR=WINDOW.PWNED=1?" in shown  # the odd value, quoted as data
	desk.screenshot(path=str(SHOTS / "02-aml-warning-pop-up.png"), full_page=True)
	# The record keeps the message exactly as received and shows it as text.
	desk.goto(f"{live_web}/app/aml-location/{aml['aml_location']}")
	desk.wait_for_function("(name) => window.cur_frm && cur_frm.doc.name === name", arg=aml["aml_location"])
	assert desk.evaluate("() => cur_frm.doc.raw_message") == text
	desk.locator(".section-head", has_text=frappe._("Message as Received", lang="id")).or_(
		desk.locator(".section-head", has_text="Message as Received")
	).first.click()  # the section is collapsed
	desk.wait_for_function("(text) => document.body.innerText.includes(text)", arg=text)
	assert not desk.evaluate("() => window.pwned") and not desk.query_selector("img[src='x']")
	desk.screenshot(path=str(SHOTS / "03-aml-location-raw-text.png"), full_page=True)
	frappe.db.set_value("Operator Position", {"operator": operator}, "on_duty", 0)
	frappe.db.commit()
	assert not desk.errors, desk.errors
