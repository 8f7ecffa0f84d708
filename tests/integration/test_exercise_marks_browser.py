"""A drill's records say LATIHAN wherever a person could take them for real, and a live record
beside them does not: the Emergency Call, Incident and Dispatch lists, the unit board (its tiles
and its map), the Incident Map, and the agency portal's list and dispatch page. The mark comes
from the records' ``is_exercise`` in the database; titles with markup characters show as typed.

The same pages show the one set of display conventions (core/display.py through
public/js/display.js): durations as ``clock``, a P3 in one colour everywhere, maps opening on Ambon.

Headless Chromium (tests.bench.CHROMIUM) against the gunicorn of the ``server`` fixture; /assets
come from the bench's folder and every other host is refused (no map tiles from the internet).
"""

from datetime import timedelta
from urllib.parse import quote, unquote, urlparse

import frappe
import pytest
from frappe.utils import now_datetime

from ambon_112.core import display
from ambon_112.roles import AGENCY_STAFF, OPERATOR
from ambon_112.tests.utils import (
	BATU_MERAH,
	HONIPOPU,
	POKA,
	make_agency,
	make_call,
	make_dispatch,
	make_drill_session,
	make_incident,
	make_unit,
	make_user,
	unique,
)
from tests.bench import BENCH, CHROMIUM, REPO, TEST_SITE, login

pytestmark = [pytest.mark.http, pytest.mark.browser]

SHOTS = REPO / "test-artifacts" / "exercise-marks"
TIMEOUT_MS = 90_000
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"]
LATIHAN = "LATIHAN"
# Markup characters survive the save (plain_text.py keeps `&` and `<` as typed): shown as text.
TITLE = "Api & asap < 3 rumah"


@pytest.fixture(scope="module")
def records(site):
	"""A live and a drill incident side by side, each with its call, its unit and its dispatch to the
	same agency (the drill's because its trainer chose to send it to the agency)."""
	setup_complete = frappe.db.get_single_value("System Settings", "setup_complete")
	frappe.db.set_single_value("System Settings", "setup_complete", 1)
	token = unique("MARK")
	agency = make_agency("Fire")
	result = frappe._dict(
		token=token,
		agency=agency,
		operator=make_user([OPERATOR]),
		crew=make_user([AGENCY_STAFF], agency=agency),
	)
	for kind, exercise, position in (("live", 0, BATU_MERAH), ("drill", 1, POKA)):
		incident = make_incident(
			"Fire", position, title=f"{TITLE} ({kind})", landmark=token, priority="P3", is_exercise=exercise
		)
		call = make_call(landmark=token, incident=incident.name, is_exercise=exercise)
		if exercise:  # a drill whose trainer included the agencies: their portal shows it, as LATIHAN
			make_drill_session(call.name, notify_agencies=1)
		unit = make_unit(agency, position=HONIPOPU)
		dispatch = make_dispatch(incident.name, unit=unit)
		result[kind] = frappe._dict(incident=incident.name, call=call.name, unit=unit, dispatch=dispatch.name)
	assert frappe.db.get_value("Dispatch", result.drill.dispatch, "is_exercise") == 1
	assert frappe.db.get_value("Dispatch", result.live.dispatch, "is_exercise") == 0
	# 1 h 15 min from dispatch to acknowledgement: the clock shows hours ("1:15:00", never "75:00").
	dispatched = now_datetime().replace(microsecond=0) - timedelta(hours=2)
	frappe.db.set_value(
		"Dispatch",
		result.live.dispatch,
		{"dispatched_at": dispatched, "acknowledged_at": dispatched + timedelta(minutes=75)},
		update_modified=False,
	)
	frappe.db.commit()
	yield result
	frappe.db.set_single_value("System Settings", "setup_complete", setup_complete)
	frappe.db.commit()


@pytest.fixture(scope="module")
def browser(server):
	from playwright.sync_api import sync_playwright

	with sync_playwright() as playwright:
		chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
		yield chromium
		chromium.close()


def open_as(browser, server, user: str, viewport=None):
	"""A page of a new browser context logged in as `user`; script errors collected in page.errors."""
	SHOTS.mkdir(parents=True, exist_ok=True)
	session = login(server, user)
	port = urlparse(server).port

	def route(route):
		url = urlparse(route.request.url)
		if url.hostname != "127.0.0.1" or url.port != port:
			return route.abort()
		if url.path.startswith("/assets/"):
			path = (BENCH / "sites" / unquote(url.path).lstrip("/")).resolve()
			return route.fulfill(path=str(path)) if path.is_file() else route.fulfill(status=404, body="")
		return route.continue_()

	context = browser.new_context(
		extra_http_headers={"X-Frappe-Site-Name": TEST_SITE},
		viewport=viewport or {"width": 1440, "height": 1000},
		timezone_id="Asia/Jayapura",
	)
	context.route("**/*", route)
	context.add_cookies([{"name": "sid", "value": session.cookies["sid"], "url": server}])
	page = context.new_page()
	page.set_default_timeout(TIMEOUT_MS)
	page.errors = []
	page.on("pageerror", lambda error: page.errors.append(f"{page.url}: {error}"))
	return page


def open_desk(page, server, path: str):
	page.goto(f"{server}{path}", wait_until="domcontentloaded")
	page.wait_for_function("() => window.frappe && frappe.boot && frappe.router && !frappe.dom.freeze_count")


@pytest.fixture(scope="module")
def desk(browser, server, records):
	page = open_as(browser, server, records.operator)
	yield page
	page.context.close()


@pytest.fixture(scope="module")
def phone(browser, server, records):
	page = open_as(browser, server, records.crew, viewport={"width": 390, "height": 844})
	yield page
	page.context.close()


def subjects(page, names: list[str]) -> dict:
	"""The subject text of each named row of the list on screen."""
	selector = ", ".join(f'.list-row-container .list-subject a[data-name="{n}"]' for n in names)
	page.wait_for_function(f"() => document.querySelectorAll('{selector}').length === {len(names)}")
	return page.evaluate(
		"""(names) => Object.fromEntries(names.map((n) => [n, document.querySelector(
			`.list-row-container .list-subject a[data-name="${n}"]`).textContent.trim()]))""",
		names,
	)


@pytest.mark.parametrize(
	"doctype, route, filter_by, subject_of",
	[
		("Emergency Call", "emergency-call", "landmark", lambda r, kind: {r[kind].call}),
		("Incident", "incident", "landmark", lambda r, kind: {f"{TITLE} ({kind})"}),
		# The incident link, shown by the incident's title (Incident shows its title in links).
		("Dispatch", "dispatch", "agency", lambda r, kind: {r[kind].incident, f"{TITLE} ({kind})"}),
	],
)
def test_lists_say_latihan_for_the_drill_s_record_only(
	desk, server, records, doctype, route, filter_by, subject_of
):
	field = "call" if doctype == "Emergency Call" else doctype.lower()
	value = records.token if filter_by == "landmark" else records.agency
	open_desk(desk, server, f"/app/{route}?{filter_by}={quote(value)}")
	names = [records.live[field], records.drill[field]]
	shown = subjects(desk, names)
	drill, live = shown[records.drill[field]], shown[records.live[field]]
	assert drill.startswith(f"{LATIHAN} · ") and drill.removeprefix(f"{LATIHAN} · ") in subject_of(
		records, "drill"
	)
	assert live in subject_of(records, "live") and LATIHAN not in live
	desk.screenshot(path=str(SHOTS / f"list-{route}.png"), full_page=True)
	assert not desk.errors, desk.errors


def test_the_incident_list_shows_p3_in_the_one_priority_colour(desk, server, records):
	open_desk(desk, server, f"/app/incident?landmark={quote(records.token)}")
	subjects(desk, [records.live.incident])
	pill = desk.locator(".list-row-container .indicator-pill", has_text="P3").first
	assert display.PRIORITY_COLOURS["P3"].indicator in pill.get_attribute("class").split()


def test_the_unit_board_marks_units_and_incidents_of_a_drill(desk, server, records):
	open_desk(desk, server, "/app/unit-board")
	drill = f'.ub-tile[data-name="{records.drill.unit}"]'
	live = f'.ub-tile[data-name="{records.live.unit}"]'
	desk.wait_for_selector(f"{drill} .ambon112-latihan")
	desk.wait_for_selector(live)
	assert desk.inner_text(f"{drill} .ambon112-latihan").strip() == LATIHAN
	assert desk.locator(f"{live} .ambon112-latihan").count() == 0
	# The map: the drill's incident is drawn dashed in the exercise colour with LATIHAN in its
	# tooltip, the live one in the P3 colour; titles shown as typed.
	desk.wait_for_function(
		"() => frappe.pages['unit-board'].unit_board.incident_layer.getLayers().length > 1"
	)
	markers = desk.evaluate(
		"""() => Object.fromEntries(frappe.pages['unit-board'].unit_board.incident_layer.getLayers()
			.map((m) => [m.getTooltip().getContent(), m.options.color]))"""
	)
	drill_tip = next(t for t in markers if "(drill)" in t)
	live_tip = next(t for t in markers if "(live)" in t)
	assert drill_tip.startswith(f"{LATIHAN} · P3 Api &amp; asap &lt; 3 rumah (drill)")
	assert markers[drill_tip] == display.EXERCISE_COLOUR.hex
	assert live_tip.startswith("P3 Api &amp; asap &lt; 3 rumah (live)") and LATIHAN not in live_tip
	assert markers[live_tip] == display.PRIORITY_COLOURS["P3"].hex
	assert desk.locator("path.ub-exercise-incident").count() >= 1
	# The unit's tile border is its status colour from the Python's map.
	style = desk.get_attribute(live, "style")
	assert display.UNIT_STATUS_COLOURS["Dispatched"].hex in style
	desk.screenshot(path=str(SHOTS / "unit-board.png"), full_page=True)
	assert not desk.errors, desk.errors


def test_the_incident_map_opens_on_ambon_and_labels_the_drill(desk, server, records):
	open_desk(desk, server, f"/app/incident/view/map?landmark={quote(records.token)}")
	desk.wait_for_selector(".map-view-container .leaflet-marker-icon")
	desk.wait_for_selector(".leaflet-tooltip.ambon112-latihan-tooltip")
	labels = desk.locator(".leaflet-tooltip.ambon112-latihan-tooltip").all_inner_texts()
	assert labels == [LATIHAN]  # one of the two incidents is a drill
	assert desk.locator(".map-view-container .leaflet-marker-icon").count() == 2
	# Frappe's map defaults (its map view, the Geolocation fields of calls and incidents) are Ambon's.
	defaults = desk.evaluate("() => [frappe.utils.map_defaults.center, frappe.utils.map_defaults.zoom]")
	assert defaults == [list(display.MAP_CENTRE), display.MAP_ZOOM]
	desk.screenshot(path=str(SHOTS / "incident-map.png"), full_page=True)
	assert not desk.errors, desk.errors


def test_the_dispatch_form_shows_durations_as_the_clock(desk, server, records):
	open_desk(desk, server, f"/app/dispatch/{quote(records.live.dispatch)}")
	desk.wait_for_function("(name) => window.cur_frm && cur_frm.doc.name === name", arg=records.live.dispatch)
	section = desk.locator(".form-dashboard-section", has_text="1:15:00")
	section.first.wait_for()
	assert "75:00" not in section.first.inner_text()
	assert not desk.errors, desk.errors


def test_the_agency_portal_says_latihan_for_the_drill_s_dispatch_only(phone, server, records):
	phone.goto(f"{server}/agency", wait_until="domcontentloaded")
	drill = f'.ap-item[data-name="{records.drill.dispatch}"]'
	live = f'.ap-item[data-name="{records.live.dispatch}"]'
	phone.wait_for_selector(drill)
	phone.wait_for_selector(live)

	def check_list(how: str):
		assert phone.inner_text(f"{drill} .ap-latihan").strip() == LATIHAN, how
		assert phone.locator(f"{live} .ap-latihan").count() == 0, how
		assert display.PRIORITY_COLOURS["P3"].hex in phone.get_attribute(live, "style").lower(), how
		assert "Api & asap < 3 rumah (drill)" in phone.inner_text(drill), how

	check_list("as the server printed it")
	# Without a socket.io server the page fetches the list again every 30 s: drawn by the script.
	phone.evaluate(
		"() => document.getElementById('ap-list').insertAdjacentHTML('beforeend', '<li id=stale></li>')"
	)
	phone.wait_for_function("() => !document.getElementById('stale')", timeout=60_000)
	phone.wait_for_selector(drill)
	check_list("as the script drew it")
	phone.screenshot(path=str(SHOTS / "portal-list.png"), full_page=True)

	phone.goto(f"{server}/agency/{quote(records.drill.dispatch)}", wait_until="domcontentloaded")
	phone.wait_for_selector(".agency-dispatch")
	assert phone.inner_text(".ad-latihan").startswith(LATIHAN)
	phone.wait_for_selector("#ad-map.leaflet-container")  # the one map helper, at the incident
	phone.screenshot(path=str(SHOTS / "portal-drill-dispatch.png"), full_page=True)
	phone.goto(f"{server}/agency/{quote(records.live.dispatch)}", wait_until="domcontentloaded")
	phone.wait_for_selector(".agency-dispatch")
	assert phone.locator(".ad-latihan").count() == 0
	assert LATIHAN not in phone.inner_text(".agency-dispatch")
	assert not phone.errors, phone.errors
