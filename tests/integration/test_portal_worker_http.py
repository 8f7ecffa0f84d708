"""The portal's service worker names its cache after what it keeps: a release that changes the app's
public files (or Frappe) is a new worker with a new cache, so phones stop serving the old scripts."""

import re
import shutil

import pytest
import requests

from ambon_112.portal import offline_files
from tests.bench import site_headers

pytestmark = pytest.mark.http

CACHE_NAME = re.compile(r'const PREFIX = "ambon112-agency-";\s*const CACHE = PREFIX \+ "([0-9a-f]{16})";')


def test_the_served_worker_names_its_cache_after_the_shell_it_keeps(server):
	response = requests.get(f"{server}/agency-sw.js", headers=site_headers(), timeout=30)
	assert response.ok, response.text[:300]
	assert response.headers["Cache-Control"] == "no-cache"
	found = CACHE_NAME.search(response.text)
	assert found, response.text[:600]
	assert found.group(1) == offline_files.shell_version()
	assert offline_files.SHELL_VERSION not in response.text


def test_a_changed_asset_changes_the_cache_name(tmp_path, monkeypatch):
	public = tmp_path / "public"
	shutil.copytree(offline_files.PUBLIC, public)
	monkeypatch.setattr(offline_files, "PUBLIC", str(public))
	before = offline_files.shell_version()
	assert offline_files.shell_version() == before  # the same files, the same name
	script = public / "js" / "field_queue.js"
	script.write_text(script.read_text() + "\n// the next release\n")
	assert offline_files.shell_version() != before
