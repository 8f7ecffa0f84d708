"""Console sign-on, heartbeat and live-only pop-ups in headless Chromium; the roster calendar and the
handover's print view.

Two operators sign on at their rostered consoles with one click in the desk; their pages send the
heartbeat. One closes the page: within the heartbeat limit (45 s) the next call pops up only on
the living desk. Served as the README's run command serves it (tests.bench.live_site);
screenshots in test-artifacts/operations/ (not committed).
"""

import time

import frappe
import pytest
import requests

from ambon_112.core.shifts import LOST_AFTER_SECONDS
from ambon_112.operations import handover, roster
from ambon_112.roles import OPERATOR, SUPERVISOR
from ambon_112.tests.utils import TEST_PASSWORD, make_api_user, make_position, make_user, random_number
from tests.bench import REPO
from tests.integration.test_agency_portal_browser import NEEDS_CHROMIUM, log_in

SHOTS = REPO / "test-artifacts" / "operations"
WEBHOOK = "/api/method/ambon_112.api.telephony.call_event"
POPUP = ".modal.show .modal-title"

pytestmark = [pytest.mark.http, NEEDS_CHROMIUM]
assert TEST_PASSWORD  # the factories' password: log_in uses it


@pytest.fixture(scope="module")
def centre(site):
	"""Two operators rostered at their consoles in the shift running now, nobody else signed on."""
	setup_complete = frappe.db.get_single_value("System Settings", "setup_complete")
	frappe.db.set_single_value("System Settings", "setup_complete", 1)
	frappe.db.set_value("Operator Position", {"on_duty": 1}, "on_duty", 0)
	_, key, secret = make_api_user()
	running = roster.running()
	people = {"pbx": f"token {key}:{secret}", "supervisor": make_user([SUPERVISOR])}
	for who in ("staying", "leaving"):
		user, position = make_user([OPERATOR]), make_position()
		frappe.get_doc(
			{
				"doctype": "Roster Assignment",
				"user": user,
				"position": position,
				"shift_type": running.shift_type,
				"shift_date": running.shift_date,
			}
		).insert(ignore_permissions=True)
		people[who] = {"user": user, "position": position}
	frappe.db.commit()
	yield people
	frappe.db.set_value(
		"Operator Position",
		{"name": ("in", [people[w]["position"] for w in ("staying", "leaving")])},
		"on_duty",
		0,
	)
	frappe.db.set_single_value("System Settings", "setup_complete", setup_complete)
	frappe.db.commit()


def signed_on_desk(chromium, base, user, position):
	"""An operator's desk, signed on at the rostered console with the navbar's one button."""
	context = chromium.new_context(viewport={"width": 1440, "height": 1000}, timezone_id="Asia/Jayapura")
	page = log_in(context, base, user, "/app/emergency-call", timeout_ms=60_000)
	page.wait_for_function(
		"() => window.frappe?.realtime?.socket?.connected"
		" && frappe.realtime.socket.listeners('ambon112_incoming_call').length > 0"
	)
	button = page.locator(".ambon112-console-badge .ambon112-sign-on")
	button.wait_for()
	assert position in button.inner_text()
	button.click()
	page.locator(".ambon112-console-badge .indicator-pill").wait_for()
	return page


def ring(base, pbx) -> dict:
	response = requests.post(
		f"{base}{WEBHOOK}",
		data={
			"call_id": f"ops-{frappe.generate_hash(length=10)}",
			"event": "ringing",
			"caller": random_number(),
		},
		headers={"Authorization": pbx},
		timeout=60,
	)
	assert response.status_code == 200, response.text
	return response.json()["message"]


def test_a_closed_desk_gets_no_pop_up_within_the_heartbeat_limit(live_web, chromium, centre):
	staying = signed_on_desk(chromium, live_web, centre["staying"]["user"], centre["staying"]["position"])
	leaving = signed_on_desk(chromium, live_web, centre["leaving"]["user"], centre["leaving"]["position"])
	staying.screenshot(path=str(SHOTS / "01-signed-on.png"))
	frappe.db.rollback()  # a fresh snapshot: the sign-ons were committed by the web server
	on_duty = frappe.get_all("Operator Position", filters={"on_duty": 1}, pluck="operator")
	assert sorted(on_duty) == sorted([centre["staying"]["user"], centre["leaving"]["user"]])

	both = ring(live_web, centre["pbx"])
	assert sorted(both["notified"]) == sorted([centre["staying"]["user"], centre["leaving"]["user"]])
	staying.wait_for_selector(POPUP, timeout=10_000)
	staying.keyboard.press("Escape")

	leaving.context.close()  # the browser closes: no sign-off, no more heartbeats
	closed_at = time.monotonic()
	# The heartbeat limit: 45 s after the page's last beat (at most 45 s after it closed).
	time.sleep(LOST_AFTER_SECONDS + 1)
	only = ring(live_web, centre["pbx"])
	assert time.monotonic() - closed_at < LOST_AFTER_SECONDS + 15
	assert only["notified"] == [centre["staying"]["user"]], "a pop-up went to a closed desk"
	staying.wait_for_function(
		"(call) => [...document.querySelectorAll('.modal.show')].length > 0", arg=only["call"], timeout=10_000
	)
	assert only["call"] in [c for c in staying.evaluate("Object.keys(ambon112.incoming.dialogs)")], (
		"the living desk shows the new call"
	)
	staying.screenshot(path=str(SHOTS / "02-only-the-living-desk.png"))
	frappe.db.rollback()
	last_beat = frappe.db.get_value("Operator Position", centre["staying"]["position"], "last_heartbeat")
	assert (frappe.utils.now_datetime() - last_beat).total_seconds() < 20, "the open desk keeps beating"
	assert not staying.errors, staying.errors


def test_the_roster_calendar_and_the_handover_print_view_load(live_web, chromium, centre):
	context = chromium.new_context(viewport={"width": 1440, "height": 1000}, timezone_id="Asia/Jayapura")
	page = log_in(context, live_web, centre["supervisor"], "/app/roster-assignment/view/calendar", 60_000)
	page.wait_for_selector(".fc-event", timeout=30_000)
	titles = page.locator(".fc-event").all_inner_texts()
	full_name = frappe.db.get_value("User", centre["staying"]["user"], "full_name")
	assert any(full_name in t for t in titles), titles
	page.screenshot(path=str(SHOTS / "03-roster-calendar.png"))

	name = handover.ensure_current()
	frappe.db.set_value("Shift Handover", name, "outgoing_notes", "Catatan <b>uji</b> & cek")
	frappe.db.commit()
	page.goto(f"{live_web}/printview?doctype=Shift%20Handover&name={name}&format=Shift%20Handover")
	page.wait_for_selector(".ambon112-handover")
	body = page.inner_text(".ambon112-handover")
	assert name in body and "Catatan <b>uji</b> & cek" in body  # printed as text, escaped
	page.screenshot(path=str(SHOTS / "04-handover-print.png"))
	assert not page.errors, page.errors
