"""/112 on a phone, for real: headless Chromium at 390×844 as Guest on a throttled 3G profile.

Screenshot in test-artifacts/public-page/ (not committed). The figures shown equal the KPI reports
of this month, small cells show "< 5", the text colours meet WCAG AA on their backgrounds.
"""

import re

import frappe
import pytest

from ambon_112.command_centre.report.call_classes import call_classes
from ambon_112.command_centre.report.incidents_by_area import incidents_by_area
from ambon_112.core.public_figures import cell
from ambon_112.reporting.public_stats import clear_cache
from ambon_112.tests.utils import POKA, make_incident
from tests.bench import REPO, TEST_SITE
from tests.integration.test_agency_portal_browser import PHONE, launch_chromium, phone_context
from tests.integration.test_public_page_http import this_month

SHOTS = REPO / "test-artifacts" / "public-page"
pytestmark = [pytest.mark.http, pytest.mark.browser]
# Chromium DevTools' "Slow 3G"-like profile: 400 ms latency, 400 kbit/s down.
SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 50_000, "uploadThroughput": 50_000}


def luminance(rgb) -> float:
	def channel(c):
		c = c / 255
		return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

	r, g, b = (channel(c) for c in rgb)
	return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(fg, bg) -> float:
	high, low = sorted((luminance(fg), luminance(bg)), reverse=True)
	return (high + 0.05) / (low + 0.05)


def rgb(css: str):
	return tuple(int(v) for v in re.findall(r"\d+", css)[:3])


def test_guest_phone_sees_the_page_fast_with_the_report_figures(server):
	frappe.set_user("Administrator")
	make_incident("Landslide", POKA, reported_at=frappe.utils.now_datetime())
	frappe.db.commit()
	clear_cache()
	SHOTS.mkdir(parents=True, exist_ok=True)
	with launch_chromium() as browser:
		context = phone_context(browser)
		page = context.new_page()
		errors = []
		page.on("pageerror", lambda e: errors.append(str(e)))
		page.goto(f"{server}/112")  # warm: the first visit computes the figures
		cdp = context.new_cdp_session(page)
		cdp.send("Network.enable")
		cdp.send("Network.emulateNetworkConditions", SLOW_3G)
		page.goto(f"{server}/112", wait_until="load")
		timing = page.evaluate("performance.getEntriesByType('navigation')[0].toJSON()")
		assert timing["loadEventEnd"] < 3000, timing
		page.screenshot(path=str(SHOTS / "public-112-390x844.png"), full_page=True)

		assert page.viewport_size == PHONE
		# Nothing wider than the phone: no sideways scrolling.
		assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
		assert page.locator("a[href='tel:112']").is_visible()
		assert page.locator("#when_to_call h2").inner_text() == "Kapan Menelepon 112"
		filters = this_month()
		calls = call_classes.execute(dict(filters, interval="Monthly"))[1][-1]
		assert page.locator("[data-figure=calls]").inner_text() == cell(calls["total"])
		areas = incidents_by_area.execute(filters)[1]
		shown = dict(
			(row.locator("td").nth(0).inner_text(), row.locator("td").nth(1).inner_text())
			for row in page.locator("#by-kecamatan tr").all()
		)
		expected = {r["area"]: cell(r["incidents"]) for r in areas[:-1] if not r["indent"] and r["incidents"]}
		assert shown == expected
		assert all(v == "< 5" or int(v) >= 5 for v in shown.values())

		pairs = page.evaluate(
			"""() => [...document.querySelectorAll('h1, h2, p, li, td, .tile span, .tile b, .note, a')]
				.filter(e => e.innerText.trim()).slice(0, 80).map(e => {
					let bg = 'rgba(0, 0, 0, 0)', n = e;
					while (n && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
						bg = getComputedStyle(n).backgroundColor; n = n.parentElement;
					}
					if (bg === 'rgba(0, 0, 0, 0)') bg = 'rgb(255, 255, 255)';
					return [e.tagName, getComputedStyle(e).color, bg];
				})"""
		)
		low = [(tag, fg, bg) for tag, fg, bg in pairs if contrast(rgb(fg), rgb(bg)) < 4.5]
		assert pairs and not low, low
		assert not errors
		context.close()
