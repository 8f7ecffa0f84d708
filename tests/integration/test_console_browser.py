"""The call console in headless Chromium, against the site as the README's run command serves it
(tests.bench.live_site: the front, gunicorn and Frappe's socket.io server).

A ringing call appears without reload; a prank is classified with one key; an emergency with its
AML position is typed, triaged, created and dispatched in one save, or linked to the open incident
nearby; a unit another dispatcher takes meanwhile is refused and the next one offered; a missed
call waits in the callback queue until its outcome is recorded; a drill call says LATIHAN; the 112
Viewer and agency users cannot open the console. Screenshots in test-artifacts/call-console/.
"""

import json
import time

import frappe
import pytest
import requests
from frappe.translate import get_all_translations

from ambon_112.roles import AGENCY_STAFF, OPERATOR, VIEWER
from ambon_112.tests.utils import (
	BATU_MERAH,
	PASSO,
	make_agency,
	make_api_user,
	make_call,
	make_dispatch,
	make_incident,
	make_position,
	make_unit,
	make_user,
	random_number,
)
from tests.bench import REPO, login
from tests.integration.test_agency_portal_browser import NEEDS_CHROMIUM, log_in

SHOTS = REPO / "test-artifacts" / "call-console"
WEBHOOK = "/api/method/ambon_112.api.telephony.call_event"
AML = "/api/method/ambon_112.api.aml.https"
ROUTE = "/app/call-console"

pytestmark = [pytest.mark.http, NEEDS_CHROMIUM]


@pytest.fixture(scope="module")
def centre(site):
	"""An operator on duty at an extension, the PBX's API user, fire units near Batu Merah, and a
	finished set-up wizard (put back afterwards, see test_browser.today_data)."""
	SHOTS.mkdir(parents=True, exist_ok=True)
	setup_complete = frappe.db.get_single_value("System Settings", "setup_complete")
	frappe.db.set_single_value("System Settings", "setup_complete", 1)
	_, key, secret = make_api_user()
	user, extension = make_user([OPERATOR]), f"7{frappe.generate_hash(length=5)}"
	make_position(user, on_duty=1, extension=extension)
	station = make_agency("Fire")
	# one sent by the emergency test, two raced for by the unit-taken test
	units = [make_unit(station, position=BATU_MERAH) for _ in range(3)]
	frappe.db.commit()
	yield {"pbx": f"token {key}:{secret}", "user": user, "extension": extension, "units": units}
	frappe.db.set_value("Operator Position", {"operator": user}, "on_duty", 0)
	frappe.db.set_single_value("System Settings", "setup_complete", setup_complete)
	frappe.db.commit()


@pytest.fixture(scope="module")
def desk(chromium, live_web, centre):
	"""The operator's console, opened once: everything below happens on it without a reload."""
	context = chromium.new_context(viewport={"width": 1600, "height": 1100}, timezone_id="Asia/Jayapura")
	page = log_in(context, live_web, centre["user"], ROUTE, timeout_ms=60_000)
	page.wait_for_selector(".ambon112-console .cc-left")
	page.wait_for_function("() => window.frappe?.realtime?.socket?.connected")
	page.loads = 1
	yield page
	assert not page.errors, page.errors
	context.close()


def pbx(base: str, centre: dict, call_id: str, event: str, number: str | None = None, agent: bool = True):
	data = {"call_id": call_id, "event": event}
	if number:
		data["caller"] = number
	if agent:
		data["agent"] = centre["extension"]
	response = requests.post(
		f"{base}{WEBHOOK}", data=data, headers={"Authorization": centre["pbx"]}, timeout=60
	)
	assert response.status_code == 200, response.text
	return response.json()["message"]


def aml_fix(base: str, centre: dict, number: str, position, accuracy: int = 25):
	form = {
		"v": "3",
		"location_latitude": position[0],
		"location_longitude": position[1],
		"location_accuracy": accuracy,
		"location_time": int(time.time() * 1000),
		"location_source": "GPS",
		"device_number": number,
	}
	response = requests.post(f"{base}{AML}", data=form, headers={"Authorization": centre["pbx"]}, timeout=60)
	assert response.ok, response.text


def answered(desk, base, centre, number: str, position=None) -> str:
	"""A call rings at the operator (seen on the console live), the AML fix arrives, the operator
	answers: the console makes it the active call by itself."""
	call_id = f"cc-{frappe.generate_hash(length=10)}"
	call = pbx(base, centre, call_id, "ringing", number)["call"]
	desk.wait_for_selector(f'.cc-call[data-call="{call}"]', timeout=10_000)
	if position:
		aml_fix(base, centre, number, position)
	pbx(base, centre, call_id, "answered")
	desk.wait_for_function(
		"(call) => document.querySelector('.cc-call.cc-is-active')?.dataset.call === call"
		" && document.querySelector('.cc-active .cc-number')",
		arg=call,
	)
	if position:
		desk.wait_for_selector(".cc-location .cc-aml")
	return call


def shot(page, name: str):
	page.screenshot(path=str(SHOTS / name), full_page=True)


def fresh(doctype, name, fields):
	frappe.db.rollback()  # a fresh snapshot: what the server committed
	return frappe.db.get_value(doctype, name, fields, as_dict=True)


def leave_fields(desk):
	"""Esc: out of the field, where single keys are commands again."""
	desk.evaluate("() => document.activeElement?.blur()")
	desk.keyboard.press("Escape")


def choose_type(desk, words: str):
	leave_fields(desk)
	desk.keyboard.press("e")
	desk.wait_for_function("() => document.activeElement?.classList.contains('cc-type-search')")
	desk.keyboard.type(words)
	desk.keyboard.press("Enter")
	desk.wait_for_selector(".cc-type-chosen b")
	desk.wait_for_selector(".cc-units .cc-pick:checked")


def test_the_navbar_console_badge_leaves_the_call_console_in_place(desk):
	"""The badge (sign on / off, public/js/console.js) renders itself again on every notice and
	answer; it once removed the call console's whole layout with it, when its answer came after the
	page was drawn (a race at every page load)."""
	desk.evaluate("() => ambon112.console.refresh()")
	desk.wait_for_selector(".navbar .ambon112-console-badge")
	assert desk.query_selector(".ambon112-console .cc-left")


def test_a_ringing_call_appears_live_and_a_prank_is_closed_with_one_key(desk, live_web, centre):
	translated = get_all_translations("id")
	number = random_number()
	call = answered(desk, live_web, centre, number)
	assert number in desk.inner_text(".cc-active")
	shot(desk, "01-call-active.png")
	leave_fields(desk)
	desk.keyboard.press("p")
	desk.wait_for_selector(".cc-said, .cc-error", timeout=15_000)
	assert not desk.query_selector(".cc-error"), desk.inner_text(".cc-error")
	assert translated["Prank"] in desk.inner_text(".cc-said")
	desk.wait_for_function("(call) => !document.querySelector(`.cc-call[data-call='${call}']`)", arg=call)
	shot(desk, "02-prank-closed.png")
	values = fresh("Emergency Call", call, ["classification", "triage_status"])
	assert (values.classification, values.triage_status) == ("Prank", "Closed")


def test_an_emergency_with_aml_is_typed_triaged_created_and_dispatched_in_one_save(desk, live_web, centre):
	number = random_number()
	call = answered(desk, live_web, centre, number, BATU_MERAH)
	choose_type(desk, "kebakaran rumah")
	questions = desk.locator(".cc-triage select")
	if questions.count():  # the seeded triage questions of a fire: answer the first one "Yes"
		questions.first.select_option("Yes")
		desk.wait_for_selector(".cc-priority .alert")
	desk.fill(".cc-notes", "Rumah terbakar dekat masjid, api besar")
	ticked = desk.locator(".cc-units .cc-pick:checked").first.get_attribute("data-unit")
	shot(desk, "03-emergency-typed.png")
	desk.keyboard.press("Control+Enter")
	desk.wait_for_selector(".cc-result .cc-saved")
	shot(desk, "04-emergency-dispatched.png")
	values = fresh("Emergency Call", call, ["incident", "classification", "location_source", "notes"])
	assert values.classification == "Emergency" and values.incident
	assert values.location_source == "AML" and "masjid" in values.notes
	incident = fresh("Incident", values.incident, ["incident_type", "kelurahan", "priority"])
	assert incident.incident_type == "Fire" and incident.kelurahan and incident.priority == "P1"
	assert frappe.get_all("Dispatch", filters={"incident": values.incident}, pluck="unit") == [ticked]


def test_a_call_about_an_open_incident_nearby_is_linked_with_one_key(desk, live_web, centre):
	existing = make_incident("Fire", position=BATU_MERAH, title="Kebakaran gudang (uji konsol)").name
	frappe.db.commit()
	incidents = frappe.db.count("Incident")
	call = answered(desk, live_web, centre, random_number(), BATU_MERAH)
	choose_type(desk, "kebakaran")
	desk.wait_for_selector(f'.cc-nearby button[data-incident="{existing}"]')
	leave_fields(desk)
	first = desk.locator(".cc-nearby button[data-incident]").first.get_attribute("data-incident")
	dispatches = frappe.db.count("Dispatch", {"incident": first})
	assert desk.locator(".cc-units .cc-pick:checked").count()  # ticked for a new incident, not sent here
	desk.keyboard.press("l")
	desk.wait_for_selector(".cc-result .cc-saved")
	shot(desk, "05-linked.png")
	assert fresh("Emergency Call", call, ["incident"]).incident == first
	assert frappe.db.count("Incident") == incidents
	assert frappe.db.count("Dispatch", {"incident": first}) == dispatches  # the incident has its response


def test_a_unit_taken_meanwhile_is_refused_clearly_and_the_next_is_offered(desk, live_web, centre):
	call = answered(desk, live_web, centre, random_number(), BATU_MERAH)
	incidents = frappe.db.count("Incident")
	choose_type(desk, "kebakaran")
	ticked = desk.locator(".cc-units .cc-pick:checked").first.get_attribute("data-unit")
	make_dispatch(make_incident("Fire", position=PASSO).name, unit=ticked)  # another dispatcher
	frappe.db.commit()
	incidents += 1
	desk.keyboard.press("Control+Enter")
	desk.wait_for_selector(".cc-message .cc-error")
	assert ticked in desk.inner_text(".cc-message .cc-error")
	desk.wait_for_function(
		"(unit) => document.querySelector('.cc-units .cc-pick:checked')"
		" && ![...document.querySelectorAll('.cc-units .cc-pick')].some((b) => b.dataset.unit === unit)",
		arg=ticked,
	)
	shot(desk, "06-unit-taken.png")
	frappe.db.rollback()
	assert frappe.db.count("Incident") == incidents  # refused: no incident without its units
	assert not frappe.db.get_value("Emergency Call", call, "incident")
	following = desk.locator(".cc-units .cc-pick:checked").first.get_attribute("data-unit")
	desk.keyboard.press("Control+Enter")
	desk.wait_for_selector(".cc-result .cc-saved")
	incident = fresh("Emergency Call", call, ["incident"]).incident
	assert frappe.get_all("Dispatch", filters={"incident": incident}, pluck="unit") == [following]


def test_a_missed_call_waits_in_the_callback_queue_until_its_outcome_is_recorded(desk, live_web, centre):
	number = random_number()
	call_id = f"cc-{frappe.generate_hash(length=10)}"
	pbx(live_web, centre, call_id, "ringing", number, agent=False)
	call = pbx(live_web, centre, call_id, "missed", agent=False)["call"]
	task = fresh("Callback Task", {"call": call}, ["name"]).name
	row = desk.locator(f'.cc-callback[data-task="{task}"]')
	row.wait_for(timeout=10_000)
	assert number in row.inner_text()
	shot(desk, "07-callback-queue.png")
	row.locator('button[data-outcome="No Answer"]').click()
	desk.wait_for_selector(".cc-said")
	assert row.count() == 1  # one unanswered attempt: still waiting
	row.locator('button[data-outcome="Reached: No Emergency"]').click()
	row.wait_for(state="detached")
	shot(desk, "08-callback-done.png")
	values = fresh("Callback Task", task, ["status", "outcome", "attempts"])
	assert (values.status, values.outcome, values.attempts) == ("Done", "Reached: No Emergency", 2)


def test_a_drill_call_says_latihan(desk, centre):
	make_call(
		caller_number=random_number(),
		operator=centre["user"],
		answered_at=frappe.utils.now_datetime(),
		is_exercise=1,
	)
	frappe.db.commit()
	desk.wait_for_selector(".cc-call .cc-latihan", timeout=30_000)
	shot(desk, "09-latihan.png")
	assert desk.evaluate("() => window.location.pathname") == ROUTE  # never reloaded
	assert desk.loads == 1


def test_an_answer_frappe_leaves_unsettled_or_one_that_never_comes_does_not_stop_the_console(
	desk, live_web, centre
):
	"""Frappe's request layer calls neither the callback nor the error handler for a deadlock answer,
	and a request whose connection is lost never answers: the console goes on refreshing after both
	(before, it waited on that one request for ever and no call appeared again without a reload)."""
	answers = iter(["deadlock", "never"])
	deadlock = {"exception": "frappe.exceptions.QueryDeadlockError: (1213, 'Deadlock found')"}

	def state(route):
		match next(answers, None):
			case "deadlock":
				route.fulfill(status=500, content_type="application/json", body=json.dumps(deadlock))
			case "never":
				pass  # left unanswered
			case _:
				route.continue_()

	desk.route("**/api/method/ambon_112.api.console.state*", state)
	try:
		for answer in ("deadlock", "never"):  # each ringing call makes the console ask for its list
			call = pbx(live_web, centre, f"cc-{frappe.generate_hash(length=10)}", "ringing", random_number())[
				"call"
			]
			desk.wait_for_timeout(1_000)
			assert not desk.query_selector(f'.cc-call[data-call="{call}"]'), answer
		call = pbx(live_web, centre, f"cc-{frappe.generate_hash(length=10)}", "ringing", random_number())[
			"call"
		]
		desk.wait_for_selector(f'.cc-call[data-call="{call}"]', timeout=90_000)
	finally:
		desk.unroute("**/api/method/ambon_112.api.console.state*")
	desk.keyboard.press("Escape")  # Frappe's own "Deadlock Occurred" message
	assert desk.loads == 1


@pytest.mark.parametrize("roles", [[VIEWER], [AGENCY_STAFF]])
def test_viewers_and_agency_users_cannot_open_the_console(live_web, chromium, roles):
	agency = make_agency("Fire") if AGENCY_STAFF in roles else None
	user = make_user(roles, agency=agency)
	frappe.db.commit()
	session = login(live_web, user)
	assert (
		session.get(f"{live_web}/api/method/frappe.desk.desk_page.getpage?name=call-console").status_code
		== 403
	)
	assert session.get(f"{live_web}/api/method/ambon_112.api.console.state").status_code == 403
	if VIEWER in roles:
		context = chromium.new_context(viewport={"width": 1280, "height": 900})
		page = log_in(context, live_web, user, ROUTE, timeout_ms=60_000)
		page.wait_for_function("() => window.frappe && frappe.boot && frappe.router")
		page.wait_for_selector(".modal.show .msgprint")  # Frappe's "Not Permitted"
		assert not page.query_selector(".ambon112-console")
		shot(page, "10-viewer-refused.png")
		context.close()
