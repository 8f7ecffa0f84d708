"""The agency portal in headless Chromium: its own pages post with the session's CSRF token (notes
through frappe.call, the photo through fetch), and a form on another origin posting with the crew's
cookie is refused."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import frappe
import pytest

from ambon_112.roles import AGENCY_STAFF
from ambon_112.tests.utils import PNG, make_agency, make_dispatch, make_incident, make_unit, make_user
from tests.bench import REPO, TEST_SITE, gunicorn
from tests.integration.test_agency_portal_browser import (
	NEEDS_CHROMIUM,
	gunicorn_with_statics,
	launch_chromium,
	log_in,
	phone_context,
)

pytestmark = [pytest.mark.http, NEEDS_CHROMIUM]

SHOTS = REPO / "test-artifacts" / "portal-csrf"
SAVE_REPORT = "/api/method/ambon_112.api.agency_portal.save_report"


@pytest.fixture(scope="module")
def web(site):
	with gunicorn_with_statics(SHOTS) as base:
		yield base


@pytest.fixture(scope="module")
def crew(site):
	agency = make_agency("Fire")
	dispatch = make_dispatch(make_incident().name, unit=make_unit(agency))
	user = make_user([AGENCY_STAFF], agency=agency)
	frappe.db.commit()
	return {"user": user, "dispatch": dispatch.name}


def another_site(html: str):
	"""A page on another origin (another port of this host), as a site the crew might visit."""

	class Page(BaseHTTPRequestHandler):
		def do_GET(self):
			self.send_response(200)
			self.send_header("Content-Type", "text/html; charset=utf-8")
			self.end_headers()
			self.wfile.write(html.encode())

		def log_message(self, *args):
			pass

	server = ThreadingHTTPServer(("127.0.0.1", 0), Page)
	threading.Thread(target=server.serve_forever, daemon=True).start()
	return server


def saves_report(response) -> bool:
	"""A response to save_report, called by URL or (as website frappe.call does) by cmd in the body,
	or to the portal's sync of queued presses (its notes go through save_report on the server)."""
	request = response.request
	sent = f"{request.url} {request.post_data or ''}"
	return request.method == "POST" and ("save_report" in sent or "sync_updates" in sent)


def stored(dispatch):
	frappe.db.rollback()  # what the server committed
	return frappe.db.get_value("Dispatch", dispatch, "agency_notes")


def test_portal_pages_post_with_the_token_and_other_sites_cannot(web, crew, site):
	dispatch = crew["dispatch"]
	with launch_chromium() as browser:
		context = phone_context(browser)
		page = log_in(context, web, crew["user"], f"/agency/{dispatch}")
		page.wait_for_selector(".agency-dispatch")

		page.fill("#ad-notes", "Api sudah padam")
		with page.expect_response(saves_report) as saved:
			page.click("#ad-save-notes")
		assert saved.value.ok, saved.value.text()
		assert stored(dispatch) == "Api sudah padam"

		with page.expect_navigation():  # the page reloads once the photo is kept
			page.set_input_files(
				"#ad-photo", {"name": "lokasi.png", "mimeType": "image/png", "buffer": PNG + b"1"}
			)
		frappe.db.rollback()
		photos = frappe.get_all(
			"File",
			filters={"attached_to_doctype": "Dispatch", "attached_to_name": dispatch},
			fields=["file_name", "is_private"],
		)
		# Frappe adds a suffix when the name is taken already (by another dispatch's photo); the phone
		# shrinks every photo to a JPEG before queuing it.
		assert [
			(p.file_name.startswith("lokasi"), p.file_name.endswith(".jpg"), p.is_private) for p in photos
		] == [(True, True, 1)]
		assert not page.errors, page.errors

		attacker = another_site(
			f"""<form method="post" action="{web}{SAVE_REPORT}">
			<input name="dispatch" value="{dispatch}"><input name="notes" value="palsu"></form>
			<script>document.forms[0].submit()</script>"""
		)
		try:
			with page.expect_response(saves_report) as forged:
				page.goto(f"http://127.0.0.1:{attacker.server_address[1]}/")
			assert forged.value.status == 400, forged.value.status  # Frappe's CSRFTokenError
		finally:
			attacker.shutdown()
		assert stored(dispatch) == "Api sudah padam"
		context.close()
