"""New dispatches reach an agency's open portal list live, through Frappe's own socket.io server.

Everything real: the site served as the README's run command serves it (sites/Procfile.template:
the front, gunicorn and Frappe's socket.io server on the bench's Redis, pages reaching socket.io on
their own origin), two phones in headless Chromium (a fire crew and a police desk), and an
operator dispatching over HTTP. Screenshots go to test-artifacts/agency-portal-realtime/ (not committed).
"""

import time

import frappe
import pytest
from frappe.realtime import emit_via_redis
from frappe.translate import get_all_translations

from ambon_112.dispatch.notify import DISPATCH_EVENT, agency_room
from ambon_112.roles import AGENCY_STAFF, OPERATOR
from ambon_112.tests.utils import (
	make_agency,
	make_fire_and_police_people,
	make_incident,
	make_unit,
	make_user,
)
from tests.bench import REPO, login
from tests.integration.test_agency_portal_browser import NEEDS_CHROMIUM, PHONE, log_in
from tests.integration.test_dispatch_http import DISPATCH

SHOTS = REPO / "test-artifacts" / "agency-portal-realtime"
PROBE = "ambon112_test_probe"
# Well inside the page's 30 s fallback poll (which does not even run while the socket is up).
LIVE_WITHIN_MS = 10_000

pytestmark = [pytest.mark.http, NEEDS_CHROMIUM]


@pytest.fixture(scope="module")
def people(site):
	people = make_fire_and_police_people()
	people["unit"] = make_unit(people["fire"])
	frappe.db.commit()
	return people


def open_list(chromium, base: str, user: str):
	"""A phone logged in as `user`, on its agency's list with the socket connected."""
	context = chromium.new_context(viewport=PHONE, is_mobile=True, has_touch=True, locale="id-ID")
	page = log_in(context, base, user, "/agency")
	page.wait_for_selector(".agency-portal")
	# Connected and authenticated by the socket server (it calls the site back with the session).
	page.wait_for_function("() => window.frappe?.realtime?.socket?.connected")
	page.evaluate(
		"""([probe, event]) => {
			window.__probes = [];
			window.__dispatches = [];
			window.__not_reloaded = true;
			frappe.realtime.socket.on(probe, (m) => window.__probes.push(m));
			frappe.realtime.socket.on(event, (m) => window.__dispatches.push(m));
		}""",
		[PROBE, DISPATCH_EVENT],
	)
	return page


def wait_until_in_room(page, agency: str, seconds: float = 20):
	"""The room join has no acknowledgement: publish probes to the room until the page hears one."""
	deadline = time.monotonic() + seconds
	n = 0
	while time.monotonic() < deadline:
		n += 1
		emit_via_redis(PROBE, {"n": n, "room": agency}, agency_room(agency))
		time.sleep(0.3)
		if page.evaluate("window.__probes.length"):
			return
	raise AssertionError(f"the page never joined the room of {agency}")


def test_a_new_dispatch_reaches_the_open_list_live_and_only_its_own_agency(live_web, chromium, people):
	crew = open_list(chromium, live_web, people["crew"])
	desk = open_list(chromium, live_web, people["desk"])
	live = "Live: new dispatches appear automatically."
	assert crew.text_content("#ap-live") == get_all_translations("id")[live]
	# The police desk also tries to listen to the fire station's room: the socket server asks the
	# site (frappe.realtime.can_subscribe_doc) and refuses.
	desk.evaluate(f"frappe.realtime.socket.emit('doc_subscribe', 'Agency', {people['fire']!r})")
	wait_until_in_room(crew, people["fire"])
	wait_until_in_room(desk, people["police"])  # the desk's socket works: its silence means something
	time.sleep(2)  # time enough for the refused join to have been decided
	desk.evaluate("window.__probes = []")
	for n in range(5):
		emit_via_redis(PROBE, {"n": n, "room": people["fire"]}, agency_room(people["fire"]))
	crew.wait_for_function("window.__probes.length >= 5")

	operator = login(live_web, people["operator"])
	incident = make_incident(title="Kebakaran rumah warga di Batu Merah").name
	frappe.db.commit()
	response = operator.post(f"{live_web}{DISPATCH}", json={"incident": incident, "units": [people["unit"]]})
	assert response.ok, response.text
	dispatch = response.json()["message"]["dispatches"][0]["name"]

	crew.wait_for_selector(f'.ap-item[data-name="{dispatch}"]', timeout=LIVE_WITHIN_MS)
	crew.wait_for_selector("#ap-new:not(.d-none)", timeout=LIVE_WITHIN_MS)
	assert dispatch in crew.text_content("#ap-new")
	assert crew.evaluate("window.__not_reloaded === true")
	assert [m["dispatch"] for m in crew.evaluate("window.__dispatches")] == [dispatch]
	# Drawn by the page's script, still in Bahasa Indonesia (record names included).
	incident_type = frappe.db.get_value("Incident", incident, "incident_type")
	label = crew.text_content(f'.ap-item[data-name="{dispatch}"] .ap-type')
	assert label == get_all_translations("id")[incident_type] != incident_type
	crew.screenshot(path=str(SHOTS / "01-fire-crew-sees-the-new-dispatch.png"), full_page=True)

	time.sleep(2)
	assert desk.evaluate("window.__probes") == []
	assert desk.evaluate("window.__dispatches") == []
	assert not desk.query_selector(f'.ap-item[data-name="{dispatch}"]')
	assert desk.is_hidden("#ap-new")
	desk.screenshot(path=str(SHOTS / "02-police-desk-sees-nothing.png"), full_page=True)
	assert not crew.errors and not desk.errors, crew.errors + desk.errors


def test_after_a_dropped_connection_the_list_catches_up_with_what_was_missed(live_web, chromium, people):
	"""A phone loses its socket (a lift, a weak signal); a dispatch is sent meanwhile. When the socket
	is back the list fetches what was missed, instead of waiting for the minute's refresh."""
	crew = open_list(chromium, live_web, people["crew"])
	wait_until_in_room(crew, people["fire"])
	crew.evaluate("frappe.realtime.socket.disconnect()")
	crew.wait_for_function("!frappe.realtime.socket.connected")

	operator = login(live_web, people["operator"])
	incident = make_incident(title="Pohon tumbang menimpa rumah").name
	unit = make_unit(people["fire"])
	frappe.db.commit()
	response = operator.post(f"{live_web}{DISPATCH}", json={"incident": incident, "units": [unit]})
	assert response.ok, response.text
	dispatch = response.json()["message"]["dispatches"][0]["name"]
	time.sleep(2)
	assert not crew.query_selector(f'.ap-item[data-name="{dispatch}"]'), "the event was not missed"

	crew.evaluate("frappe.realtime.socket.connect()")
	crew.wait_for_selector(f'.ap-item[data-name="{dispatch}"]', timeout=LIVE_WITHIN_MS)
	assert crew.evaluate("window.__dispatches") == []  # it came by the catch-up, not by the event
	assert crew.evaluate("window.__not_reloaded === true")
	crew.screenshot(path=str(SHOTS / "03-caught-up-after-reconnect.png"), full_page=True)
	assert not crew.errors, crew.errors
