"""/112 over HTTP as Guest: the page and its cached figures, and nothing else.

The figures must equal what the KPI reports say for this month (small cells shown as "< 5"),
they come from the cache (a new call does not change them until the cache expires), and a
Guest is refused every other door: REST resources, report endpoints and the rebuild method.
"""

import re
from datetime import date
from html import unescape

import frappe
import pytest
import requests
from frappe.utils import get_first_day, get_last_day, now_datetime

from ambon_112.command_centre.report.call_answer_time import call_answer_time
from ambon_112.command_centre.report.call_classes import call_classes
from ambon_112.command_centre.report.incidents_by_area import incidents_by_area
from ambon_112.core.public_figures import cell
from ambon_112.reporting.public_stats import clear_cache
from ambon_112.tests.utils import PASSO, make_call, make_incident
from tests.bench import site_headers

PAGE_LIMIT = 300 * 1024


def this_month() -> dict:
	today = now_datetime().date()  # the site's (WIT) month, not the machine's
	return {"from_date": str(get_first_day(today)), "to_date": str(get_last_day(today))}


def guest_get(server, path, **kwargs):
	return requests.get(
		f"{server}{path}", headers={**site_headers(), "Accept": "text/html"}, timeout=60, **kwargs
	)


def figure(html, name) -> str:
	return unescape(re.search(rf'data-figure="{name}">([^<]*)<', html).group(1))


def rows(html, table_id) -> dict:
	table = re.search(rf'<table id="{table_id}">(.*?)</table>', html, re.S).group(1)
	found = re.findall(r'<tr><td>([^<]*)</td><td class="n">([^<]*)</td></tr>', table)
	return {unescape(label): unescape(shown) for label, shown in found}


@pytest.fixture(scope="module")
def month_data(site):
	frappe.set_user("Administrator")
	for _ in range(2):
		make_incident("Flood", PASSO, reported_at=now_datetime())
	make_call(classification="Prank", answered_at=now_datetime(), call_state="Ended")
	frappe.db.commit()
	clear_cache()


def test_guest_sees_the_page_in_indonesian_light_and_with_the_report_figures(server, month_data):
	response = guest_get(server, "/112")
	assert response.status_code == 200
	html = response.text
	assert len(response.content) < PAGE_LIMIT
	assert "Kapan Menelepon 112" in html and "kelurahan" in html
	assert "/assets/frappe/dist" not in html and "<script" not in html  # no desk or website bundle
	frappe.set_user("Administrator")
	filters = this_month()
	calls = call_classes.execute(dict(filters, interval="Monthly"))[1][-1]
	assert figure(html, "calls") == cell(calls["total"])
	areas = incidents_by_area.execute(filters)[1]
	assert figure(html, "emergencies") == cell(areas[-1]["incidents"])
	answer = call_answer_time.execute(dict(filters, group_by="Day"))[1][-1]
	expected = "–" if answer["within_15"] is None else f"{answer['within_15']:.1f} %"
	assert figure(html, "answered_15") == expected
	shown = rows(html, "by-kecamatan")
	report_rows = {r["area"]: r["incidents"] for r in areas[:-1] if not r["indent"] and r["incidents"]}
	assert shown == {area: cell(n) for area, n in report_rows.items()}
	assert all(v == "< 5" or int(v) >= 5 for v in shown.values())


def test_figures_come_from_the_cache_until_it_is_refreshed(server, month_data):
	before = figure(guest_get(server, "/112").text, "calls")
	for _ in range(5):
		make_call(classification="Prank", answered_at=now_datetime(), call_state="Ended")
	frappe.db.commit()
	assert figure(guest_get(server, "/112").text, "calls") == before
	clear_cache()
	assert figure(guest_get(server, "/112").text, "calls") != before


def test_admin_text_is_printed_cleaned(server, month_data):
	# Written around the form (no validate): the page cleans it again when it prints it.
	frappe.db.set_single_value("Public 112 Page", "free_24h", '<p>Gratis</p><img src=x onerror="alert(1)">')
	frappe.db.commit()
	clear_cache()
	try:
		html = guest_get(server, "/112").text
		assert "<p>Gratis</p>" in html and "onerror" not in html
	finally:
		from ambon_112.reporting.public_page_content import CONTENT

		frappe.db.set_single_value("Public 112 Page", "free_24h", CONTENT["free_24h"])
		frappe.db.commit()
		clear_cache()


@pytest.mark.parametrize(
	"method, path, data",
	[
		("get", "/api/resource/Emergency Call", None),
		("get", "/api/resource/Incident", None),
		("get", "/api/resource/Monthly Service Report", None),
		("get", "/api/resource/Public 112 Page/Public 112 Page", None),
		("get", "/api/resource/Reporting Settings/Reporting Settings", None),
		("post", "/api/method/frappe.desk.query_report.run", {"report_name": "Call Classes"}),
		("post", "/api/method/frappe.desk.query_report.run", {"report_name": "Incidents by Area"}),
		("post", "/api/method/ambon_112.reporting.monthly.rebuild", {"period": "2026-10"}),
		("get", "/app/monthly-service-report", None),
	],
)
def test_guest_is_refused_everything_else(server, method, path, data):
	response = getattr(requests, method)(
		f"{server}{path}", data=data, headers=site_headers(), timeout=60, allow_redirects=False
	)
	if path.startswith("/app/"):
		assert response.status_code in (301, 302, 303, 403) or "login" in response.text.lower()
	else:
		assert response.status_code in (401, 403), (path, response.status_code, response.text[:200])
	assert "caller_number" not in response.text
