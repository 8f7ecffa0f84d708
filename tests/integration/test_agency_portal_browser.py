"""A crew lead's phone, for real: headless Chromium at 390×844 against gunicorn serving the bench.

Screenshots go to test-artifacts/agency-portal/ (not committed).
"""

import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import frappe
import pytest
import requests

from ambon_112.roles import AGENCY_STAFF, OPERATOR
from ambon_112.tests.utils import (
	PASSO,
	TEST_PASSWORD,
	make_agency,
	make_dispatch,
	make_incident,
	make_unit,
	make_user,
)
from tests.bench import BENCH, CHROMIUM, REPO, TEST_SITE, gunicorn, login, site_headers

SHOTS = REPO / "test-artifacts" / "agency-portal"
PHONE = {"width": 390, "height": 844}

# Browser tests need Debian's Chromium and playwright; where a bench is, they fail without them
# (tests/bench.py), they never skip.
NEEDS_CHROMIUM = pytest.mark.browser
pytestmark = [pytest.mark.http, NEEDS_CHROMIUM]


@contextmanager
def gunicorn_with_statics(shots: Path):
	"""gunicorn with /assets served too (frappe.app.application_with_statics), as `bench serve` does;
	its log in ``shots``."""
	shots.mkdir(parents=True, exist_ok=True)
	with gunicorn(
		"frappe.app:application_with_statics()", workers=2, log_path=shots / "gunicorn.log"
	) as base:
		yield base


def phone_context(browser, **options):
	"""A phone's browser context (390×844, touch) whose requests name the test site, as the HTTP
	tests' do (they go to 127.0.0.1)."""
	return browser.new_context(
		viewport=PHONE,
		is_mobile=True,
		has_touch=True,
		extra_http_headers={"X-Frappe-Site-Name": TEST_SITE},
		**options,
	)


@pytest.fixture(scope="module")
def web(site):
	with gunicorn_with_statics(SHOTS) as base:
		yield base


@contextmanager
def launch_chromium():
	"""Debian's Chromium, headless, driven by playwright (its own browser download is not needed)."""
	from playwright.sync_api import sync_playwright

	with sync_playwright() as p:
		browser = p.chromium.launch(
			executable_path=CHROMIUM,
			headless=True,
			args=[
				"--no-sandbox",
				"--disable-gpu",
				"--disable-background-networking",
				"--disable-component-update",
				"--disable-sync",
			],
		)
		try:
			yield browser
		finally:
			browser.close()


def log_in(context, base: str, user: str, landing: str, timeout_ms: int = 30_000):
	"""A new page of `context`, logged in as `user` through the login page and sent on to `landing`;
	uncaught script errors are collected in page.errors (a broken page must fail its test)."""
	context.route("https://*.tile.openstreetmap.org/**", lambda route: route.abort())
	page = context.new_page()
	page.set_default_timeout(timeout_ms)
	page.errors = []
	page.on("pageerror", lambda error: page.errors.append(str(error)))
	page.goto(f"{base}/login?redirect-to={landing}")
	page.fill("#login_email", user)
	page.fill("#login_password", TEST_PASSWORD)
	page.click(".btn-login")
	page.wait_for_url(f"**{landing}**")
	return page


@pytest.fixture(scope="module")
def phone(web):
	with launch_chromium() as browser:
		context = phone_context(
			browser,
			geolocation={"latitude": PASSO[0], "longitude": PASSO[1], "accuracy": 15},
			permissions=["geolocation"],
			locale="id-ID",
		)
		# The map tiles live on the internet: refuse them rather than wait for a timeout.
		context.route("https://*.tile.openstreetmap.org/**", lambda route: route.abort())
		page = context.new_page()
		page.set_default_timeout(30_000)
		page.errors = []  # uncaught script errors: a broken page must fail the test, not time out
		page.on("pageerror", lambda error: page.errors.append(str(error)))
		yield page
		context.close()


@pytest.fixture(scope="module")
def crew(site):
	agency = make_agency("Fire")
	return {
		"agency": agency,
		"user": make_user([AGENCY_STAFF], agency=agency),
		"operator": make_user([OPERATOR]),
	}


def shot(page, name: str):
	page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_crew_lead_acknowledges_goes_en_route_and_arrives_from_a_phone(web, phone, crew):
	agency, operator, crew = crew["agency"], crew["operator"], crew["user"]
	unit = make_unit(agency)
	incident = make_incident(landmark="Depan Masjid Raya Al-Fatah", hazards="Kabel listrik putus")
	dispatch = make_dispatch(incident.name, unit=unit, instructions="Hubungi ketua RT di lokasi")
	frappe.db.commit()

	page = phone
	page.goto(f"{web}/agency/{dispatch.name}")
	page.wait_for_url("**/login**")
	page.fill("#login_email", crew)
	page.fill("#login_password", TEST_PASSWORD)
	page.click(".btn-login")
	page.wait_for_url(f"**/agency/{dispatch.name}")
	page.wait_for_selector(".agency-dispatch")
	assert page.viewport_size == PHONE
	assert "Depan Masjid Raya Al-Fatah" in page.content()
	page.locator("#ad-map").scroll_into_view_if_needed()  # the map loads once on screen
	page.wait_for_selector("#ad-map.leaflet-container")  # Leaflet from Frappe's assets drew the map
	assert "google.com/maps/dir/?api=1&destination=" in page.get_attribute("#ad-nav-google", "href")
	assert page.get_attribute("#ad-nav-geo", "href").startswith("geo:")
	# Phone-first: nothing wider than the screen.
	assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
	shot(page, "01-dispatch")
	assert not page.errors, page.errors

	desk = login(web, operator)
	for n, status in enumerate(("Acknowledged", "En Route", "On Scene"), start=2):
		with page.expect_navigation():  # the page reloads once the status is recorded
			page.click(f'.ad-step[data-status="{status}"]')
		page.wait_for_selector(".agency-dispatch")
		assert page.get_attribute(f'.ad-step[data-status="{status}"]', "disabled") is not None
		shot(page, f"0{n}-{status.lower().replace(' ', '-')}")
		seen = desk.get(f"{web}/api/resource/Dispatch/{dispatch.name}").json()["data"]
		assert seen["status"] == status
		stamp = {"Acknowledged": "acknowledged", "En Route": "en_route", "On Scene": "on_scene"}[status]
		assert seen[f"{stamp}_by"] == crew and seen[f"{stamp}_at"]

	page.click("#ad-share-position")
	page.wait_for_function("document.getElementById('ad-position-status').textContent.includes(':')")
	shot(page, "05-position")
	frappe.db.rollback()
	position = frappe.db.get_value(
		"Emergency Unit", unit, ["latitude", "longitude", "kelurahan"], as_dict=True
	)
	assert (round(position.latitude, 5), round(position.longitude, 5)) == (
		round(PASSO[0], 5),
		round(PASSO[1], 5),
	)
	assert position.kelurahan and frappe.db.get_value("Ambon Area", position.kelurahan, "area_name")

	page.goto(f"{web}/agency")
	page.wait_for_selector(f'.ap-item[data-name="{dispatch.name}"]')
	shot(page, "06-list")
	# The crew cannot open the desk.
	page.goto(f"{web}/app")
	assert "/app" not in page.url or "agency-dispatch" not in page.content()
	assert not page.query_selector(".desk-sidebar, #page-desktop")
	shot(page, "07-no-desk")


def test_a_new_dispatch_appears_on_the_open_list_without_reload(web, phone, crew):
	"""Realtime when the socket server runs; otherwise the page says so and refreshes every 30 s."""
	page = phone
	page.goto(f"{web}/agency")
	page.wait_for_selector(".agency-portal")
	assert page.url.endswith("/agency"), "logged in by the previous test"
	agency = crew["agency"]
	page.evaluate("window.__not_reloaded = true")
	assert not page.errors, page.errors
	unit = make_unit(agency)
	new = make_dispatch(make_incident(title="Kebakaran rumah warga").name, unit=unit)
	frappe.db.commit()
	page.wait_for_selector(f'.ap-item[data-name="{new.name}"]', timeout=45_000)
	assert page.evaluate("window.__not_reloaded === true")
	shot(page, "08-new-dispatch")
