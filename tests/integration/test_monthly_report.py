# ruff: noqa: F811 -- pytest fixtures imported from report_world are redefined as arguments
"""The monthly report (Laporan Bulanan Layanan 112) on the generated month of report_world.

Its numbers must equal what the KPI reports say for the same month, and the call counts what
the world's specs say; its PDF must carry them; its workflow ends in "Sent".
"""

import io
from collections import Counter

import frappe
import pytest
from frappe.model.workflow import apply_workflow
from pypdf import PdfReader

from ambon_112.command_centre.report.call_answer_time import call_answer_time
from ambon_112.command_centre.report.call_classes import call_classes
from ambon_112.command_centre.report.call_processing_time import call_processing_time
from ambon_112.command_centre.report.incidents_by_area import incidents_by_area
from ambon_112.command_centre.report.response_time_by_agency import response_time_by_agency
from ambon_112.reporting import monthly
from ambon_112.reporting.monthly_figures import month_filters
from ambon_112.reporting.public_stats import get_page
from ambon_112.roles import OPERATOR, SUPERVISOR
from ambon_112.tests.utils import make_user, outgoing_mail_account
from tests.integration.report_world import world
from tests.integration.test_incident_report import serve_site_assets


@pytest.fixture(scope="module")
def pdf_assets(site):
	"""test_incident_report's site_assets for the whole module: wkhtmltopdf fetches the print CSS by URL."""
	with serve_site_assets():
		yield


@pytest.fixture(scope="module")
def report(world, pdf_assets):
	frappe.set_user("Administrator")
	doc = monthly.build_report(f"{world.day:%Y-%m}")
	frappe.db.commit()
	return doc


def total(result):
	return result[1][-1]


def test_monthly_numbers_equal_the_kpi_reports_of_the_month(world, report):
	f = frappe.parse_json(report.figures)
	filters = month_filters(world.day)
	classes = total(call_classes.execute(dict(filters, interval="Monthly")))
	assert f["calls"]["total"] == classes["total"]
	for cls in f["classes"]:
		assert f["calls"]["by_class"][cls] == classes[call_classes.fieldname(cls)]
	answer = total(call_answer_time.execute(dict(filters, group_by="Day")))
	for key in ("offered", "p50", "p90", "within_15"):
		assert f["answer"][key] == answer[key]
	processing = total(call_processing_time.execute(filters))
	for key in ("incidents", "p50", "p90", "within_60"):
		assert f["processing"][key] == processing[key]
	responses = {r["agency"]: r for r in response_time_by_agency.execute(filters)[1] if r.get("agency")}
	assert f["agencies"], "the world dispatched units of two agencies"
	for row in f["agencies"]:
		assert (row["p50"], row["p90"]) == (
			responses[row["agency"]]["total_p50"],
			responses[row["agency"]]["total_p90"],
		)
	areas = incidents_by_area.execute(filters)[1]
	assert f["incidents"]["by_kecamatan"] == {
		r["area"]: r["incidents"] for r in areas[:-1] if not r["indent"]
	}
	assert f["incidents"]["total"] == total(incidents_by_area.execute(filters))["incidents"]


def test_monthly_call_counts_equal_the_generated_world(world, report):
	f = frappe.parse_json(report.figures)
	month = (world.day.year, world.day.month)
	calls = [c for c in world.calls if (c.received_at.year, c.received_at.month) == month and not c.exercise]
	assert f["calls"]["total"] == len(calls)
	by_class = Counter(c.classification for c in calls if c.classification)
	assert {k: v for k, v in f["calls"]["by_class"].items() if v} == dict(by_class)
	numbers = Counter(c.number for c in calls)
	assert f["repeat_numbers"] == sum(1 for n in numbers.values() if n >= 2) > 0
	assert f["prank_share"] == pytest.approx(100 * by_class["Prank"] / sum(by_class.values()))


def test_the_pdf_is_attached_in_indonesian_with_the_figures(report):
	files = frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Monthly Service Report", "attached_to_name": report.name},
		pluck="name",
	)
	assert len(files) == 1
	pdf = frappe.get_doc("File", files[0]).get_content()
	text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())
	f = frappe.parse_json(report.figures)
	assert "Laporan Bulanan Layanan 112" in text and report.period in text
	assert str(f["calls"]["total"]) in text
	assert "Kecukupan Personel" in text and "Pelatihan dan Tinjauan Mutu" in text
	assert "<svg" not in text  # the charts were drawn, not printed as markup


def test_rebuild_replaces_the_pdf_and_is_refused_to_an_operator(report):
	frappe.set_user(make_user([OPERATOR]))
	try:
		with pytest.raises(frappe.PermissionError):
			monthly.rebuild(report.period)
	finally:
		frappe.set_user("Administrator")
	frappe.set_user(make_user([SUPERVISOR]))
	try:
		assert monthly.rebuild(report.period) == report.name
	finally:
		frappe.set_user("Administrator")
	files = frappe.get_all(
		"File", filters={"attached_to_doctype": "Monthly Service Report", "attached_to_name": report.name}
	)
	assert len(files) == 1


def test_workflow_checks_then_sends_and_the_public_archive_shows_small_cells_hidden(report):
	doc = frappe.get_doc("Monthly Service Report", report.name)
	assert doc.status == "Draft"
	frappe.set_user(make_user([SUPERVISOR]))
	try:
		doc = apply_workflow(doc, "Check")
		assert doc.status == "Checked"
		doc = apply_workflow(doc, "Send")
		assert doc.status == "Sent" and doc.sent_at
	finally:
		frappe.set_user("Administrator")
	frappe.db.commit()
	archive = {r["period"]: r for r in get_page()["figures"]["reports"]}
	published = archive[report.period]
	f = frappe.parse_json(report.figures)
	shown = {row["label"]: row["shown"] for row in published["by_kecamatan"]}
	for area, count in f["incidents"]["by_kecamatan"].items():
		if count:
			assert shown[area] == ("< 5" if count < 5 else str(count))
	assert "< 5" in shown.values(), "the world has a kecamatan with fewer than 5 incidents"


def test_mail_is_queued_only_with_an_outgoing_account_and_recipients(report):
	settings = frappe.get_single("Reporting Settings")
	settings.monthly_report_recipients = "walikota@example.com"
	settings.save()
	doc = frappe.get_doc("Monthly Service Report", report.name)
	frappe.db.delete("Email Account", {"enable_outgoing": 1})
	assert monthly.send(doc) is False
	files = frappe.get_all(
		"File", filters={"attached_to_name": doc.name, "file_name": monthly.pdf_name(doc)}, pluck="name"
	)
	try:
		with outgoing_mail_account(server="localhost", commit=False):
			assert monthly.send(doc) is True
			queued = frappe.get_all(
				"Email Queue",
				filters={"reference_doctype": "Monthly Service Report", "reference_name": doc.name},
				fields=["name", "attachments"],
			)
			assert queued and files[0] in queued[0].attachments
			assert frappe.get_all(
				"Email Queue Recipient", filters={"parent": queued[0].name}, pluck="recipient"
			) == ["walikota@example.com"]
	finally:
		frappe.db.rollback()


def test_staffing_and_training_of_a_month_with_known_answers(site):
	"""February 2020 (29 days, 3 shifts a day): one operator signed on 07:00–14:00 once, one shift
	that started short, one ended drill of 2 hours with one scenario passed and one failed."""
	from datetime import date, datetime

	from ambon_112.reporting.monthly_figures import build

	frappe.set_user("Administrator")
	operator = make_user([OPERATOR])
	day = datetime(2020, 2, 10, 7, 0)
	try:
		frappe.get_doc(
			{
				"doctype": "Console Session",
				"name": f"monthly-{operator}",
				"user": operator,
				"signed_on_at": day,
				"signed_off_at": day.replace(hour=14),
			}
		).db_insert()
		frappe.get_doc(
			{
				"doctype": "Shift Handover",
				"name": f"monthly-{operator}",
				"title": "Pagi 2020-02-10",
				"status": "Acknowledged",
				"staffing_status": "Short",
				"shift_start": day,
			}
		).db_insert()
		session = frappe.get_doc(
			{
				"doctype": "Exercise Session",
				"name": f"monthly-{operator}",
				"title": "Latihan Februari",
				"status": "Ended",
				"started_at": day.replace(hour=9),
				"ended_at": day.replace(hour=11),
			}
		)
		session.db_insert()
		for idx, (table, row) in enumerate(
			[
				("trainees", {"doctype": "Exercise Session Trainee", "trainee": operator}),
				("results", {"doctype": "Exercise Result", "trainee": operator, "call": "x1", "passed": 1, "total_score": 90}),
				("results", {"doctype": "Exercise Result", "trainee": operator, "call": "x2", "passed": 0, "total_score": 40}),
			],
			start=1,
		):  # fmt: skip
			frappe.get_doc(
				{
					**row,
					"parent": session.name,
					"parenttype": "Exercise Session",
					"parentfield": table,
					"idx": idx,
				}
			).db_insert()
		f = build(date(2020, 2, 1))
		assert f["staffing"] == {
			"shifts": 29 * 3,
			"short_shifts": 1,
			"operators": 1,
			"signed_on_hours": 7.0,
			"calls_answered": 0,
			"waited_too_long": 0,
		}
		assert f["training"] == {
			"trainees": 1,
			"sessions": 1,
			"hours": 2.0,
			"passed": 1,
			"failed": 1,
			"live_calls": 0,
			"reviewed": 0,
			"review_share": None,
		}
	finally:
		frappe.db.rollback()
