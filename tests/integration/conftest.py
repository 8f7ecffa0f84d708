"""Fixtures for the browser tests that need realtime: the site as the README's run command serves
it (sites/Procfile.template: the front, gunicorn and Frappe's socket.io server) and one headless
Chromium per module. A module using them names its screenshot folder in SHOTS.

Imports stay inside the fixtures: without a bench this file is still loaded, and frappe is not."""

import pytest


@pytest.fixture(scope="module")
def live_web(site, request):
	from tests.bench import live_site

	with live_site(request.module.SHOTS) as base:
		yield base


@pytest.fixture(scope="module")
def chromium(live_web):
	from tests.integration.test_agency_portal_browser import launch_chromium

	with launch_chromium() as browser:
		yield browser
