"""The "Incident Report" print format: timeline, segments, calls, dispatches, notes, as each reader may see them."""

import contextlib
import functools
import io
import threading
from datetime import datetime, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import frappe
import pytest
from pypdf import PdfReader

from ambon_112.roles import AGENCY_STAFF, OPERATOR, VIEWER
from ambon_112.tests.utils import frozen_at, make_agency, make_call, make_dispatch, make_incident, make_user
from tests.bench import BENCH, REPO

T0 = datetime(2039, 11, 3, 2, 14, 5)  # 02:14 WIT, night shift
CALLER = ("Bapak Yosef Latuconsina", "081298765432")


def advance(dispatch, status, moment):
	with frozen_at(moment):
		dispatch.reload()
		dispatch.status = status
		dispatch.save(ignore_permissions=True)


@pytest.fixture
def story():
	fire, medical = make_agency("Fire"), make_agency("Ambulance / Health")
	incident = make_incident(
		"Fire", reported_at=T0, description="Api di dapur rumah makan", hazards="Tabung gas"
	)
	make_call(
		received_at=T0,
		answered_at=T0 + timedelta(seconds=6),
		ended_at=T0 + timedelta(seconds=150),
		incident=incident.name,
		caller_name=CALLER[0],
		caller_number=CALLER[1],
		notes="Pemanggil panik, anak di dalam",
	)
	with frozen_at(T0 + timedelta(seconds=45)):
		first = make_dispatch(incident.name, agency=fire)
	advance(first, "Acknowledged", T0 + timedelta(seconds=65))
	advance(first, "En Route", T0 + timedelta(seconds=110))
	advance(first, "On Scene", T0 + timedelta(seconds=400))
	with frozen_at(T0 + timedelta(seconds=200)):
		second = make_dispatch(incident.name, agency=medical)
	incident.reload()
	incident.add_comment("Comment", "Api padam pukul 02:40, satu korban luka ringan")
	return {
		"incident": incident.name,
		"first": first.name,
		"second": second.name,
		"fire_staff": make_user([AGENCY_STAFF], agency=fire),
	}


def printed(name):
	return frappe.get_print("Incident", name, print_format="Incident Report")


def test_the_report_shows_the_timeline_and_every_segment(story):
	frappe.set_user(make_user([OPERATOR]))
	html = printed(story["incident"])
	assert story["incident"] in html and "Timeline" in html
	for label in ("First call received", "First call answered", "First dispatch", "First acknowledgement",
		"First unit en route", "First unit on scene"):  # fmt: skip
		assert label in html, label
	assert "03-11-2039 02:14:05 WIT" in html
	segments = {
		"Answer time (first call)": "0:06",
		"Call processing (answer → first dispatch)": "0:39",
		"Dispatch → acknowledged": "0:20",
		"Dispatch → on scene": "5:55",
		"Call received → on scene": "6:40",
	}
	for label, duration in segments.items():
		assert f'<td>{label}</td><td class="num">{duration}</td>' in html, label
	assert story["first"] in html and story["second"] in html
	assert "Api padam pukul 02:40" in html and "Api di dapur rumah makan" in html


def test_caller_details_only_for_roles_that_may_read_them(story):
	frappe.set_user(make_user([OPERATOR]))
	html = printed(story["incident"])
	assert CALLER[0] in html and CALLER[1] in html and "anak di dalam" in html

	frappe.set_user(make_user([VIEWER]))
	html = printed(story["incident"])
	assert CALLER[0] not in html and CALLER[1] not in html and "anak di dalam" not in html
	assert "Caller details are personal data" in html
	assert "0:06" in html  # the call's timing stays


def test_an_agency_prints_its_own_part_and_the_caller_only_when_shared(story):
	frappe.set_user(story["fire_staff"])
	html = printed(story["incident"])
	assert story["first"] in html and story["second"] not in html
	assert CALLER[1] not in html

	frappe.set_user("Administrator")
	frappe.db.set_value("Incident", story["incident"], "share_caller_data", 1)
	frappe.set_user(story["fire_staff"])
	assert CALLER[1] in printed(story["incident"])


def test_another_agency_cannot_print_the_incident(story):
	frappe.set_user(make_user([AGENCY_STAFF], agency=make_agency("Police")))
	with pytest.raises(frappe.PermissionError):
		printed(story["incident"])


@pytest.fixture
def site_assets():
	with serve_site_assets():
		yield


@contextlib.contextmanager
def serve_site_assets():
	"""Serve the bench's sites/ folder as nginx would: wkhtmltopdf fetches the print stylesheet by URL.

	The test site's own host name does not resolve on this machine, so the site URL points here
	while the PDF is made; /assets/... is served, anything else is a 404 wkhtmltopdf tolerates.
	"""
	handler = functools.partial(_QuietHandler, directory=str(BENCH / "sites"))
	httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
	threading.Thread(target=httpd.serve_forever, daemon=True).start()
	previous = frappe.local.conf.host_name
	frappe.local.conf.host_name = f"http://127.0.0.1:{httpd.server_port}"
	yield
	frappe.local.conf.host_name = previous
	httpd.shutdown()


class _QuietHandler(SimpleHTTPRequestHandler):
	def log_message(self, *args):
		pass


def test_the_pdf_carries_the_incident(story, site_assets):
	frappe.set_user(make_user([OPERATOR]))
	pdf = frappe.get_print("Incident", story["incident"], print_format="Incident Report", as_pdf=True)
	assert pdf.startswith(b"%PDF")
	(REPO / "test-artifacts").mkdir(exist_ok=True)
	(REPO / "test-artifacts" / "incident-report.pdf").write_bytes(pdf)
	text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
	assert story["incident"] in text
	assert "Timeline" in text and "Dispatches" in text


def test_incidents_print_with_the_incident_report_by_default():
	assert frappe.get_meta("Incident").default_print_format == "Incident Report"
	assert frappe.db.get_value("Print Format", "Incident Report", "default_print_language") == "id"
