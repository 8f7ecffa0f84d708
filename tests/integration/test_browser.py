# ruff: noqa: F811 -- the world fixture imported from report_world is redefined as an argument
"""The workspace, the reports, the lists and the incident print load in a real browser.

Headless Chromium (tests.bench.CHROMIUM) driven by playwright against the gunicorn of the
``server`` fixture. gunicorn does not serve /assets (nginx does in production), so the browser
reads them from the bench's sites/assets; requests to any other host are refused, which keeps
map tiles and fonts from the internet out of the test.
Screenshots go to test-artifacts/.
"""

from datetime import timedelta
from urllib.parse import quote, unquote, urlparse

import frappe
import pytest
from frappe.translate import get_all_translations
from frappe.utils import now_datetime

from ambon_112.command_centre import report_choices
from ambon_112.tests.utils import (
	BATU_MERAH,
	PASSO,
	POKA,
	make_agency,
	make_call,
	make_dispatch,
	make_incident,
	make_unit,
)
from tests.bench import BENCH, CHROMIUM, REPO, TEST_SITE, login
from tests.integration.report_world import world

CHROMIUM_ARGS = [
	"--no-sandbox",
	"--disable-gpu",
	"--disable-background-networking",
	"--disable-component-update",
	"--disable-sync",
]
# Each report's filters, in order; most come from the shared public/js/report_filters.js.
REPORT_FILTERS = {
	"Call Answer Time": [
		"from_date", "to_date", "group_by", "channel", "kecamatan", "incident_type", "priority", "agency",
	],
	"Call Processing Time": [
		"from_date", "to_date", "group_by", "kecamatan", "incident_type", "priority", "agency",
	],
	"Response Time by Agency": ["from_date", "to_date", "agency", "incident_type", "priority", "kecamatan"],
	"Call Classes": ["from_date", "to_date", "interval", "channel", "kecamatan"],
	"Incidents by Area": ["from_date", "to_date", "kecamatan", "incident_type", "priority", "agency"],
}  # fmt: skip
REPORTS = tuple(REPORT_FILTERS)
TIMEOUT_MS = 90_000

# Where a bench is, these fail without Chromium or playwright (tests/bench.py); they never skip.
pytestmark = [pytest.mark.http, pytest.mark.browser]


def artifact(name: str) -> str:
	folder = REPO / "test-artifacts" / "browser"
	folder.mkdir(parents=True, exist_ok=True)
	return str(folder / name)


@pytest.fixture(scope="module")
def today_data(site):
	"""A few of today's calls and this week's incidents, so the cards and charts have something to draw.

	A site in use has completed Frappe's setup wizard: without that the desk opens the wizard. The
	flag goes back afterwards, because with it Frappe makes the next System User a System Manager
	when there is none yet, which would change the users other tests create.
	"""
	setup_complete = frappe.db.get_single_value("System Settings", "setup_complete")
	frappe.db.set_single_value("System Settings", "setup_complete", 1)
	now = now_datetime()
	for seconds, cls in ((4, "Emergency"), (12, "Prank"), (19, "Emergency"), (30, "Ghost / Silent")):
		received = now - timedelta(minutes=seconds)
		make_call(
			received_at=received,
			answered_at=received + timedelta(seconds=seconds),
			ended_at=received + timedelta(seconds=seconds + 60),
			classification=cls,
		)
	incident = make_incident("Fire", position=BATU_MERAH, title="Kebakaran pasar (uji browser)")
	make_incident("Flood", position=POKA)
	frappe.db.commit()
	yield incident.name
	frappe.db.set_single_value("System Settings", "setup_complete", setup_complete)
	frappe.db.commit()


@pytest.fixture(scope="module")
def desk(server, world, today_data):
	"""A logged-in operator's browser page."""
	session = login(server, world.users["operator"])
	port = urlparse(server).port

	def route(route):
		url = urlparse(route.request.url)
		if url.hostname != "127.0.0.1" or url.port != port:
			return route.abort()
		if url.path.startswith("/assets/"):
			path = (BENCH / "sites" / unquote(url.path).lstrip("/")).resolve()
			return route.fulfill(path=str(path)) if path.is_file() else route.fulfill(status=404, body="")
		return route.continue_()

	from playwright.sync_api import sync_playwright  # tests/run installs it (tests/requirements.txt)

	with sync_playwright() as playwright:
		browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
		context = browser.new_context(
			extra_http_headers={"X-Frappe-Site-Name": TEST_SITE},
			viewport={"width": 1440, "height": 1000},
			timezone_id="Asia/Jayapura",
		)
		context.route("**/*", route)
		context.add_cookies([{"name": "sid", "value": session.cookies["sid"], "url": server}])
		page = context.new_page()
		page.set_default_timeout(TIMEOUT_MS)
		page.errors = []
		page.on("pageerror", lambda error: page.errors.append(f"{page.url}: {error}\n{error.stack}"))
		yield page
		context.close()
		browser.close()


def open_desk(page, server, path):
	page.errors.clear()
	page.goto(f"{server}{path}", wait_until="domcontentloaded")
	page.wait_for_function("() => window.frappe && frappe.boot && frappe.router && !frappe.dom.freeze_count")


# Frappe's desk sometimes re-renders a chart while the previous one is still being drawn and the
# browser reports a DOM race from frappe-charts; it does not affect what is shown. Anything else fails.
KNOWN_DESK_RACES = ("Failed to execute 'removeChild' on 'Node'",)


def assert_no_error_dialog(page):
	dialogs = page.locator(".modal.show .msgprint")
	assert dialogs.count() == 0, dialogs.first.inner_text()
	with open(artifact("page-errors.txt"), "a") as log:
		log.writelines(f"{error}\n\n" for error in page.errors)
	unexpected = [e for e in page.errors if not any(race in e for race in KNOWN_DESK_RACES)]
	assert not unexpected, unexpected


def test_the_workspace_loads_its_cards_and_charts(desk, server):
	open_desk(desk, server, "/app/112-ambon")
	# The app's desk scripts (hooks.app_include_js) are served and ran on every desk page.
	loaded = desk.evaluate(
		"() => ['incoming', 'escalation', 'triage', 'report_filters']"
		".filter((name) => window.ambon112 && typeof ambon112[name] === 'object')"
	)
	assert loaded == ["incoming", "escalation", "triage", "report_filters"]
	desk.wait_for_selector(".widget.number-widget-box")
	desk.wait_for_function(
		"""() => {
			const cards = [...document.querySelectorAll('.widget.number-widget-box')];
			return cards.length === 10 && cards.every(c => c.querySelector('.widget-content .number'));
		}"""
	)
	desk.wait_for_function(
		"() => document.querySelectorAll('.widget.dashboard-widget-box .chart-container svg, "
		".widget.dashboard-widget-box .frappe-chart').length >= 3"
	)
	desk.wait_for_timeout(1500)  # let the charts finish their draw animation before the screenshot
	numbers = desk.locator(".widget.number-widget-box .number").all_inner_texts()
	assert len(numbers) == 10 and all(n.strip() for n in numbers), numbers
	shortcuts = desk.locator(".widget.shortcut-widget-box").count()
	assert shortcuts == 8
	desk.screenshot(path=artifact("workspace-112-ambon.png"), full_page=True)
	assert_no_error_dialog(desk)


@pytest.mark.parametrize("report", REPORTS)
def test_each_report_loads_with_its_chart_and_table(desk, server, world, report):
	query = "&".join(f"{k}={v}" for k, v in world.filters.items())
	open_desk(desk, server, f"/app/query-report/{quote(report)}?{query}")
	desk.wait_for_selector(".dt-scrollable .dt-row")
	desk.wait_for_selector(".chart-wrapper svg")
	desk.wait_for_timeout(1000)  # the chart's draw animation
	rows = desk.locator(".dt-scrollable .dt-row").count()
	assert rows >= 2, rows
	filters = desk.evaluate("() => frappe.query_report.filters.map((f) => f.df.fieldname)")
	assert filters == REPORT_FILTERS[report]
	# Select options are those the report checks in Python (report_choices.py, through the boot).
	choices = report_choices.choices()
	for fieldname, choice in {**choices["filters"], **choices["reports"].get(report, {})}.items():
		if fieldname in filters:
			offered = desk.evaluate(
				f"() => frappe.query_report.get_filter('{fieldname}').df.options.map((o) => o.value)"
			)
			assert offered == [o["value"] for o in choice["options"]], fieldname
	# The kecamatan filter offers only the five kecamatan.
	query = desk.evaluate("() => frappe.query_report.get_filter('kecamatan').df.get_query().filters.level")
	assert query == "Kecamatan"
	if report == "Incidents by Area":
		desk.wait_for_selector('.ambon112-area-map[data-villages="50"] path.leaflet-interactive')
		assert int(desk.locator(".ambon112-area-map").get_attribute("data-incidents")) > 0
	desk.screenshot(path=artifact(f"report-{report.lower().replace(' ', '-')}.png"), full_page=True)
	assert_no_error_dialog(desk)


def test_the_lists_show_status_and_open_incidents_and_the_board_is_by_status(desk, server, today_data):
	open_desk(desk, server, "/app/emergency-call")
	desk.wait_for_selector(".result .list-row-container .indicator-pill")
	desk.screenshot(path=artifact("emergency-call-list.png"), full_page=True)
	open_desk(desk, server, "/app/incident")
	desk.wait_for_selector(".result .list-row-container .indicator-pill")
	applied = desk.evaluate("() => cur_list.filter_area.get().map(f => [f[1], f[2]])")
	assert ["status", "not in"] in applied
	desk.screenshot(path=artifact("incident-list.png"), full_page=True)
	open_desk(desk, server, f"/app/incident/view/kanban/{quote('Incidents by Status')}")
	desk.wait_for_selector(".kanban-column")
	columns = desk.locator(".kanban-column:not(.archived) .kanban-column-title").all_inner_texts()
	assert len(columns) >= 5, columns
	desk.screenshot(path=artifact("incident-kanban.png"), full_page=True)
	assert_no_error_dialog(desk)


def test_the_incident_report_prints(desk, server, today_data):
	desk.goto(
		f"{server}/printview?doctype=Incident&name={quote(today_data)}&format={quote('Incident Report')}",
		wait_until="load",
	)
	desk.wait_for_selector(".ambon112-report table.timeline")
	assert today_data in desk.inner_text(".ambon112-report h2")
	desk.screenshot(path=artifact("incident-report-print.png"), full_page=True)


def test_the_escalations_report_loads_with_its_chart_and_table(desk, server):
	from datetime import timedelta

	from frappe.utils import now_datetime

	from tests.integration.test_report_escalations import make_log

	policy = frappe.get_all("Escalation Policy", pluck="name", limit=1)[0]
	fired = now_datetime().replace(microsecond=0) - timedelta(minutes=30)
	make_log(policy, 1, fired, ack_after=40)
	make_log(policy, 2, fired + timedelta(minutes=5))
	frappe.db.commit()
	open_desk(desk, server, f"/app/query-report/{quote('Escalations')}")
	desk.wait_for_selector(".dt-scrollable .dt-row")
	desk.wait_for_selector(".chart-wrapper svg")
	desk.wait_for_timeout(1000)  # the chart's draw animation
	assert desk.locator(".dt-scrollable .dt-row").count() >= 2
	filters = desk.evaluate("() => frappe.query_report.filters.map((f) => f.df.fieldname)")
	assert filters == ["from_date", "to_date", "applies_to", "policy"]
	desk.screenshot(path=artifact("report-escalations.png"), full_page=True)
	assert_no_error_dialog(desk)


def open_call(page, server, call: str):
	open_desk(page, server, f"/app/emergency-call/{quote(call)}")
	page.wait_for_function(
		"(name) => window.cur_frm && cur_frm.doc.name === name && cur_frm.custom_buttons"
		" && Object.keys(cur_frm.custom_buttons).length",
		arg=call,
	)


def open_emergency_dialog(page, server, number: str, position) -> str:
	"""A new answered call at `position`, its form open, Classify → Emergency pressed; returns the call."""
	call = make_call(
		caller_number=number, latitude=position[0], longitude=position[1], answered_at=now_datetime()
	).name
	frappe.db.commit()
	open_call(page, server, call)
	press(page, get_all_translations("id")["Emergency"])
	page.wait_for_function(
		"() => window.cur_dialog && cur_dialog.display && cur_dialog.fields_dict.duplicates"
	)
	return call


def press(page, label: str):
	"""Press one of the form's custom buttons by its (translated) label."""
	page.evaluate("(label) => cur_frm.custom_buttons[label].click()", label)


def test_a_call_taker_classifies_a_call_from_its_form(desk, server):
	"""The Classify menu offers every class the DocType defines, in Bahasa Indonesia; a prank is
	classified after a confirmation and the call is kept."""
	translated = get_all_translations("id")
	call = make_call(caller_number="081298765432", answered_at=now_datetime()).name
	frappe.db.commit()
	open_call(desk, server, call)
	classes = frappe.get_meta("Emergency Call").get_field("classification").options.split("\n")
	labels = set(desk.evaluate("() => Object.keys(cur_frm.custom_buttons)"))
	assert {translated.get(c, c) for c in classes if c} <= labels
	press(desk, translated["Prank"])
	desk.locator(".modal.show .modal-footer .btn-primary").click()  # frappe.confirm's "Yes"
	desk.wait_for_function("() => cur_frm.doc.classification === 'Prank'")
	desk.screenshot(path=artifact("call-form-classified.png"), full_page=True)
	assert_no_error_dialog(desk)
	frappe.db.rollback()
	assert frappe.db.get_value("Emergency Call", call, "classification") == "Prank"


def test_a_call_taker_links_a_call_to_the_open_incident_nearby(desk, server, today_data):
	"""Emergency → incident type: the open fire at the market nearby is offered; linking the call
	to it creates no second incident."""
	incidents_before = frappe.db.count("Incident")
	call = open_emergency_dialog(desk, server, "081311112222", BATU_MERAH)
	desk.evaluate("() => cur_dialog.set_value('incident_type', 'Fire')")
	offer = desk.locator(f'.modal.show button[data-incident="{today_data}"]')
	offer.wait_for()
	desk.screenshot(path=artifact("call-form-duplicate-offered.png"), full_page=True)
	offer.click()
	desk.wait_for_function("(incident) => cur_frm.doc.incident === incident", arg=today_data)
	assert_no_error_dialog(desk)
	frappe.db.rollback()
	assert frappe.db.get_value("Emergency Call", call, ["incident", "classification"]) == (
		today_data,
		"Emergency",
	)
	assert frappe.db.count("Incident") == incidents_before


def test_a_call_taker_triages_and_creates_an_incident_from_the_call_form(desk, server):
	"""Emergency → type → Triage and Create Incident → the type's triage questions → a new incident
	linked to the call."""
	call = open_emergency_dialog(desk, server, "081322223333", PASSO)
	desk.evaluate(
		"""() => cur_dialog.set_values({
			incident_type: 'Traffic Accident',
			title: 'Tabrakan motor di depan terminal (uji browser)',
		})"""
	)
	desk.locator(".modal.show .modal-footer .btn-primary").click()
	# The triage questions of the type, when the admins have any, come next.
	desk.wait_for_function(
		"() => cur_frm.doc.incident || (window.cur_dialog && cur_dialog.display && cur_dialog.fields_dict.preview)"
	)
	if not desk.evaluate("() => cur_frm.doc.incident"):
		desk.screenshot(path=artifact("call-form-triage.png"), full_page=True)
		desk.locator(".modal.show .modal-footer .btn-primary").click()  # "Done" with the answers given
	desk.wait_for_function("() => !!cur_frm.doc.incident")
	desk.screenshot(path=artifact("call-form-incident-created.png"), full_page=True)
	assert_no_error_dialog(desk)
	frappe.db.rollback()
	incident = frappe.db.get_value("Emergency Call", call, "incident")
	values = frappe.db.get_value("Incident", incident, ["incident_type", "title", "kelurahan"], as_dict=True)
	assert values.incident_type == "Traffic Accident"
	assert values.title == "Tabrakan motor di depan terminal (uji browser)"
	assert values.kelurahan  # located from the call


def test_a_dispatcher_whose_unit_was_just_taken_is_told_and_sends_the_next_one(desk, server):
	"""Dispatch Units → the recommended unit is ticked; another dispatcher sends it first; pressing
	Dispatch is refused with a clear message, nothing is written, the list is refreshed, and the
	next unit goes."""
	translated = get_all_translations("id")
	station = make_agency("Fire")
	near, second = make_unit(station, position=BATU_MERAH), make_unit(station, position=BATU_MERAH)
	incident = make_incident("Fire", position=BATU_MERAH, title="Kebakaran gudang (uji browser)").name
	frappe.db.commit()
	open_desk(desk, server, f"/app/incident/{quote(incident)}")
	desk.wait_for_function(
		"(label) => window.cur_frm && cur_frm.doc.name && cur_frm.custom_buttons[label]",
		arg=translated["Dispatch Units"],
	)
	press(desk, translated["Dispatch Units"])
	desk.wait_for_selector(".modal.show .ambon112-pick")
	ticked = desk.locator(".modal.show .ambon112-pick:checked").get_attribute("data-unit")
	assert ticked in (near, second)
	other = second if ticked == near else near
	desk.screenshot(path=artifact("incident-dispatch-recommended.png"), full_page=True)

	make_dispatch(make_incident("Fire", position=BATU_MERAH).name, unit=ticked)  # the other dispatcher
	frappe.db.commit()
	desk.locator(".modal.show .modal-footer .btn-primary").first.click()
	message = desk.locator(".modal.show .msgprint")
	message.wait_for()
	assert ticked in message.inner_text()
	desk.screenshot(path=artifact("incident-dispatch-refused.png"), full_page=True)
	frappe.db.rollback()
	assert not frappe.db.exists("Dispatch", {"incident": incident})
	desk.locator(".modal.show:has(.msgprint) .btn-modal-close").click()  # the dispatch dialog stays
	desk.wait_for_selector(".modal.show .ambon112-pick")
	desk.wait_for_function(
		"(unit) => ![...document.querySelectorAll('.modal.show .ambon112-pick')]"
		".some((box) => box.dataset.unit === unit)",
		arg=ticked,
	)
	for box in desk.locator(".modal.show .ambon112-pick:checked").all():
		box.uncheck()
	desk.locator(f'.modal.show .ambon112-pick[data-unit="{other}"]').check()
	desk.locator(".modal.show .modal-footer .btn-primary").first.click()
	desk.wait_for_function("() => !document.querySelector('.modal.show')")
	frappe.db.rollback()
	sent = frappe.get_all("Dispatch", filters={"incident": incident}, pluck="unit")
	assert sent == [other]
	desk.screenshot(path=artifact("incident-dispatched.png"), full_page=True)
	assert_no_error_dialog(desk)
