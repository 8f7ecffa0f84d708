"""Agency phones stay out of the DocType rooms, for real: Frappe's socket.io server, two portal pages in
headless Chromium (a fire crew and a police desk) and an operator moving each agency's dispatch.

`doctype:Dispatch` / `doctype:Incident` carry every change's name and editor (`list_update`): the
socket server puts a socket there when frappe.realtime.can_subscribe_doctype answers 200 for it.
Screenshots go to test-artifacts/agency-scoping-realtime/ (not committed)."""

import time

import frappe
import pytest
from frappe.realtime import emit_via_redis

from ambon_112.roles import AGENCY_STAFF, OPERATOR
from ambon_112.tests.utils import make_dispatch, make_fire_and_police_people, make_incident, make_unit
from tests.bench import REPO
from tests.integration.test_agency_portal_browser import NEEDS_CHROMIUM
from tests.integration.test_agency_portal_realtime import open_list, wait_until_in_room
from tests.integration.test_http import login

SHOTS = REPO / "test-artifacts" / "agency-scoping-realtime"
ROOMS = ("Dispatch", "Incident", "Emergency Unit", "Agency")

pytestmark = [pytest.mark.http, NEEDS_CHROMIUM]


@pytest.fixture(scope="module")
def people(site):
	people = make_fire_and_police_people()
	people["fire_dispatch"] = make_dispatch(make_incident().name, unit=make_unit(people["fire"])).name
	people["police_dispatch"] = make_dispatch(
		make_incident("Crime").name, unit=make_unit(people["police"], "Police Patrol")
	).name
	frappe.db.commit()
	return people


def listen_to_list_updates(page):
	page.evaluate(
		"""(rooms) => {
			window.__list_updates = [];
			frappe.realtime.socket.on("list_update", (m) => window.__list_updates.push(m));
			rooms.forEach((doctype) => frappe.realtime.socket.emit("doctype_subscribe", doctype));
		}""",
		list(ROOMS),
	)


def test_agency_pages_get_no_list_updates_of_any_agency(live_web, chromium, people):
	crew = open_list(chromium, live_web, people["crew"])
	desk = open_list(chromium, live_web, people["desk"])
	for page in (crew, desk):
		listen_to_list_updates(page)
	# Both sockets work (their agency rooms reach them): their silence below means something.
	wait_until_in_room(crew, people["fire"])
	wait_until_in_room(desk, people["police"])
	time.sleep(2)  # time enough for the refused joins to have been decided

	operator = login(live_web, people["operator"])
	for dispatch in (people["fire_dispatch"], people["police_dispatch"]):
		moved = operator.post(
			f"{live_web}/api/method/ambon_112.api.dispatch.set_dispatch_status",
			data={"dispatch": dispatch, "status": "Acknowledged"},
		)
		assert moved.ok, moved.text[:300]
	# And straight into each room, as Frappe publishes any change of a document of that DocType.
	for doctype in ROOMS:
		emit_via_redis(
			"list_update", {"doctype": doctype, "name": "probe", "user": "x"}, f"doctype:{doctype}"
		)
	time.sleep(3)
	# A last probe in the agency rooms: delivered after everything above, so nothing is still on its way.
	for page, agency in ((crew, people["fire"]), (desk, people["police"])):
		page.evaluate("window.__probes = []")
		wait_until_in_room(page, agency)

	for page, name in ((crew, "crew"), (desk, "desk")):
		page.screenshot(path=str(SHOTS / f"{name}-heard-no-list-update.png"), full_page=True)
		assert page.evaluate("window.__list_updates") == [], name
		assert not page.errors, page.errors
