"""Redis down while an operator's desk is open: realtime cannot carry the pop-up, so the desk's
poll shows it (public/js/incoming_call.js, ambon_112.api.intake.ringing_calls); when Redis is back
the desk notices and slows its poll again. Headless Chromium; the socket.io server and gunicorn read
a private redis-server the test kills. Screenshots in test-artifacts/faults-redis-browser/."""

import frappe
import pytest
import requests

from ambon_112.roles import OPERATOR
from ambon_112.tests.utils import make_api_user, make_position, make_user, random_number
from tests.bench import REPO, live_site
from tests.faults import private_redis, site_redis
from tests.integration.test_agency_portal_browser import NEEDS_CHROMIUM, launch_chromium
from tests.integration.test_incoming_call_browser import WEBHOOK, open_desk

SHOTS = REPO / "test-artifacts" / "faults-redis-browser"

pytestmark = [pytest.mark.http, NEEDS_CHROMIUM]


@pytest.fixture(scope="module")
def centre(site):
	setup_complete = frappe.db.get_single_value("System Settings", "setup_complete")
	frappe.db.set_single_value("System Settings", "setup_complete", 1)
	_, key, secret = make_api_user()
	operator = make_user([OPERATOR])
	position = make_position(operator, on_duty=1)
	frappe.db.commit()
	yield frappe._dict(pbx=f"token {key}:{secret}", operator=operator)
	frappe.db.set_value("Operator Position", position, "on_duty", 0)
	frappe.db.set_single_value("System Settings", "setup_complete", setup_complete)
	frappe.db.commit()


@pytest.fixture(scope="module")
def world(centre):
	"""The private Redis, the site reading it, the site as `bench start` serves it, one Chromium."""
	with private_redis() as redis_server, site_redis(redis_server.url):
		with live_site(SHOTS, redis_url=redis_server.url) as base, launch_chromium() as chromium:
			yield frappe._dict(redis=redis_server, base=base, chromium=chromium)


def ring(world, centre) -> str:
	number = random_number()
	response = requests.post(
		f"{world.base}{WEBHOOK}",
		data={"call_id": f"pbx-{frappe.generate_hash(length=10)}", "event": "ringing", "caller": number},
		headers={"Authorization": centre.pbx},
		timeout=60,
	)
	assert response.status_code == 200, response.text[:2000]
	assert response.json()["message"]["notified"] == [centre.operator]
	return number


def popup_of(number: str) -> str:
	"""The pop-up of this caller (other calls still ringing from earlier tests pop up too)."""
	return f".modal.show .modal-body:has-text('{number}')"


def test_with_redis_down_the_desk_polls_and_shows_the_ringing_call(world, centre):
	desk = open_desk(world.chromium, world.base, centre.operator)
	world.redis.kill()

	number = ring(world, centre)
	# The desk notices realtime is down at its next slow poll (10 s) and shows the call from the poll.
	desk.wait_for_selector(popup_of(number), timeout=30_000)
	assert desk.evaluate("ambon112.incoming_poll.realtime") is False
	desk.screenshot(path=str(SHOTS / "01-pop-up-from-the-poll.png"), full_page=True)

	# Redis is back: the desk sees realtime again and the next call pops up as before.
	world.redis.start()
	desk.wait_for_function("() => ambon112.incoming_poll.realtime === true", timeout=20_000)
	number = ring(world, centre)
	desk.wait_for_selector(popup_of(number), timeout=20_000)
	desk.screenshot(path=str(SHOTS / "02-pop-up-after-redis-returned.png"), full_page=True)
	assert not desk.errors, desk.errors
