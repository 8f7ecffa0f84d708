"""A crew without signal, for real: headless Chromium on the portal, the phone on "slow 3G" (400 ms
round trip, 50,000 B/s each way, page and service worker) for the whole scenario, offline through
playwright's offline mode and the throttling sessions together (tests/portal_load.SlowPhoneNetwork).

100 presses across 10 dispatches made offline, the page reloaded while offline, then the connection
returns on slow 3G: every press lands exactly once, in press order, each status stamped with its
press time, within 60 s. Screenshots go to test-artifacts/portal-offline/ (not committed).
"""

import json
import re
import time
from urllib.parse import parse_qs
from zoneinfo import ZoneInfo

import frappe
import pytest
from frappe.utils import get_datetime, get_system_timezone

from ambon_112.dispatch import status as dispatch_status
from ambon_112.roles import AGENCY_STAFF, OPERATOR
from ambon_112.tests.utils import (
	TEST_PASSWORD,
	make_agency,
	make_dispatch,
	make_incident,
	make_unit,
	make_user,
)
from tests.bench import REPO, TEST_SITE, gunicorn
from tests.integration.test_agency_portal_browser import PHONE, launch_chromium
from tests.portal_load import PRESSES, SLOW_3G, SlowPhoneNetwork, press_all, ready_offline, waiting

pytestmark = [pytest.mark.http, pytest.mark.browser]

SHOTS = REPO / "test-artifacts" / "portal-offline"


@pytest.fixture(scope="module")
def web(site):
	"""gunicorn with /assets; the browser reaches it by the site's own name (Chromium resolves
	*.localhost to this machine), so the service worker's own requests name the site too."""
	SHOTS.mkdir(parents=True, exist_ok=True)
	with gunicorn(
		"frappe.app:application_with_statics()", workers=3, log_path=SHOTS / "gunicorn.log"
	) as base:
		yield base.replace("127.0.0.1", TEST_SITE)


@pytest.fixture(scope="module")
def crew(site):
	agency = make_agency("Fire")
	user = make_user([AGENCY_STAFF], agency=agency)
	frappe.db.commit()
	return {"agency": agency, "user": user, "operator": make_user([OPERATOR])}


@pytest.fixture
def phone(web, crew):
	with launch_chromium() as browser:
		context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID")
		page = context.new_page()
		page.set_default_timeout(30_000)
		page.errors = []
		page.on("pageerror", lambda error: page.errors.append(str(error)))
		page.goto(f"{web}/login?redirect-to=/agency")
		page.fill("#login_email", crew["user"])
		page.fill("#login_password", TEST_PASSWORD)
		page.click(".btn-login")
		page.wait_for_url("**/agency")
		yield context, page
		context.close()


def slow_3g(context, page):
	"""The logged-in phone on slow 3G from here on, once its service worker is there to throttle."""
	page.evaluate("navigator.serviceWorker.ready.then(() => true)")
	return SlowPhoneNetwork(context, page)


def dispatches(agency, n):
	names = []
	for _ in range(n):
		names.append(make_dispatch(make_incident().name, unit=make_unit(agency)).name)
	frappe.db.commit()
	return names


def as_wit(ms):
	from datetime import datetime

	return datetime.fromtimestamp(ms / 1000, tz=ZoneInfo(get_system_timezone())).replace(tzinfo=None)


def sync_ids(request):
	if request.method != "POST" or not request.url.endswith("agency_portal.sync_updates"):
		return []
	(updates,) = parse_qs(request.post_data)["updates"]
	return [u["client_id"] for u in json.loads(updates)]


def field_updates(names):
	frappe.db.rollback()
	return frappe.get_all(
		"Field Update",
		filters={"dispatch": ("in", names)},
		fields=["client_id", "dispatch", "kind", "status", "outcome", "pressed_at", "delivered_late"],
		order_by="creation asc",
		limit=0,
	)


def test_a_hundred_presses_made_offline_land_exactly_once_in_order_with_their_press_times(web, crew, phone):
	context, page = phone
	names = dispatches(crew["agency"], 10)
	network = slow_3g(context, page)
	ready_offline(page, web)

	network.offline()
	# Offline for real, page and service worker, not only navigator.onLine.
	assert network.round_trips_ms() == {"page": None, "service_worker": None}
	for name in names:
		page.goto(f"{web}/agency/{name}")  # from the phone's copy
		page.wait_for_selector(".agency-dispatch")
		assert page.is_visible("#af-offline")
		press_all(page)
	page.screenshot(path=str(SHOTS / "01-offline-waiting.png"), full_page=True)
	# Never pretending to be live: the banner says offline and how old the data is.
	banner = page.text_content("#af-offline")
	assert re.search(r"\b\d\d:\d\d\b", banner), banner
	assert waiting(page) == 100 and "(100)" in page.text_content("#af-waiting")

	# Reloaded without signal: the page and its 100 waiting presses are still there.
	page.reload()
	page.wait_for_selector(".agency-dispatch")
	page.wait_for_function("Number(document.getElementById('af-waiting').dataset.count) === 100")
	assert page.is_visible("#af-offline")
	queued = page.evaluate("window.ambon112_field_queue.waiting()")
	assert len(queued) == 100 and len({q["client_id"] for q in queued}) == 100
	assert not field_updates(names), "nothing may reach the server while offline"

	uploaded = []  # the client ids in every sync request, the page's and the service worker's
	context.on("request", lambda request: uploaded.extend(sync_ids(request)))
	started = time.monotonic()
	network.online()
	page.wait_for_function(
		"Number((document.getElementById('af-waiting') || {dataset: {}}).dataset.count || 0) === 0",
		timeout=60_000,
	)
	rows = field_updates(names)
	deadline = started + 60
	while len(rows) < 100 and time.monotonic() < deadline:
		time.sleep(0.5)
		rows = field_updates(names)
	sync_s = time.monotonic() - started
	assert sync_s <= 60
	# The connection came back slow: every request, the page's and the service worker's, still
	# waits at least the profile's round trip.
	trips = network.round_trips_ms()
	assert all(ms is not None and ms >= SLOW_3G["latency"] for ms in trips.values()), trips
	page.screenshot(path=str(SHOTS / "02-synced.png"), full_page=True)

	# Exactly once: every queued id once, nothing else; and over slow 3G each went up once, the page
	# and the service worker's Background Sync taking turns rather than both sending the queue.
	assert sorted(r.client_id for r in rows) == sorted(q["client_id"] for q in queued)
	assert sorted(uploaded) == sorted(q["client_id"] for q in queued)
	by_id = {q["client_id"]: q for q in queued}
	for name in names:
		mine = [r for r in rows if r.dispatch == name]
		# In press order, as pressed.
		assert [(r.kind, r.status if r.kind == "Status" else None) for r in mine] == [
			(kind, value if kind == "Status" else None) for kind, value in PRESSES
		]
		assert [by_id[r.client_id]["pressed_at"] for r in mine] == sorted(
			by_id[r.client_id]["pressed_at"] for r in mine
		)
		assert all(r.outcome == "Applied" for r in mine), [(r.kind, r.outcome) for r in mine]
		doc = frappe.get_doc("Dispatch", name)
		assert doc.status == "Cleared" and doc.need_more_units == 1
		assert doc.agency_notes == "catatan 5"
		for r in mine:
			if r.kind == "Status":
				field = {
					"Acknowledged": "acknowledged_at",
					"En Route": "en_route_at",
					"On Scene": "on_scene_at",
					"Cleared": "cleared_at",
				}[r.status]
				pressed = as_wit(by_id[r.client_id]["pressed_at"])
				assert abs((get_datetime(doc.get(field)) - pressed).total_seconds()) < 0.002, field
				assert get_datetime(r.pressed_at) == get_datetime(doc.get(field))

	# The same queued update sent again lands once (the answer says so; nothing is added).
	again = page.evaluate(
		"""(update) => fetch('/api/method/ambon_112.api.agency_portal.sync_updates', {
			method: 'POST', credentials: 'same-origin',
			headers: {'X-Frappe-CSRF-Token': frappe.csrf_token, Accept: 'application/json'},
			body: new URLSearchParams({updates: JSON.stringify([update])}),
		}).then((r) => r.json())""",
		queued[0],
	)
	assert again["message"][0]["duplicate"] is True
	assert len(field_updates(names)) == 100
	assert not page.errors, page.errors
	print(json.dumps({"sync_s": round(sync_s, 2)}))


def test_a_dispatch_cancelled_while_the_crew_was_offline_shows_cancelled_by_112(web, crew, phone):
	context, page = phone
	(name,) = dispatches(crew["agency"], 1)
	network = slow_3g(context, page)
	ready_offline(page, web)
	network.offline()
	page.goto(f"{web}/agency/{name}")
	page.wait_for_selector(".agency-dispatch")
	page.click('.ad-step[data-status="On Scene"]')
	page.wait_for_function("Number(document.getElementById('af-waiting').dataset.count) === 1")
	assert page.is_hidden("#ad-cancelled")

	frappe.set_user(crew["operator"])
	try:
		dispatch_status.move(name, "Cancelled", "Ditangani unit lain")
		frappe.db.commit()
	finally:
		frappe.set_user("Administrator")

	network.online()
	page.wait_for_selector("#ad-cancelled:not(.d-none)", timeout=60_000)
	page.screenshot(path=str(SHOTS / "03-cancelled.png"), full_page=True)
	doc = frappe.get_doc("Dispatch", name)
	frappe.db.rollback()
	doc = frappe.get_doc("Dispatch", name)
	assert doc.status == "Cancelled" and not doc.on_scene_at
	assert crew["user"] in (doc.agency_notes or "")
	(row,) = field_updates([name])
	assert row.outcome == "Kept as Note"
