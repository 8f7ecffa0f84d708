"""Durations, unit-status and priority colours and the map of Ambon are defined once
(core/display.py, core/durations.py) and applied by one script (public/js/display.js): these
fail when a second definition appears anywhere else in the app's scripts, styles, templates or
Python."""

import re

import pytest

from .conftest import APP_PACKAGE, template_text

HELPER = APP_PACKAGE / "public" / "js" / "display.js"
CORE = APP_PACKAGE / "core" / "display.py"


def app_files(*suffixes: str) -> list:
	return sorted(
		p
		for suffix in suffixes
		for p in APP_PACKAGE.rglob(f"*{suffix}")
		if "node_modules" not in p.parts and "/tests/" not in str(p) and not p.name.startswith("test_")
	)


SCRIPTS = [p for p in app_files(".js") if p != HELPER and "serving" not in p.parts]
PAGES = SCRIPTS + app_files(".css", ".html")
PYTHON = [p for p in app_files(".py") if p != CORE]
UNIT_STATUS_ONLY = r"(?:Available|Returning|\"Out of Service\"|'Out of Service')"
COLOUR = r"(?:[\"'](?:red|orange|yellow|blue|green|gray|grey|purple|pink|#[0-9a-fA-F]{3,6})[\"']|Colour\()"

# (what, pattern, files): each pattern is a second definition of what the helper or core defines.
SECOND_DEFINITIONS = [
	# A map of priority to colour: `P3: "blue"`, `"P3": "#…"`, `.priority-p3 { border-left-color … }`.
	("priority colours", re.compile(r"[\"']?P[1-4][\"']?\s*:\s*" + COLOUR), PAGES + PYTHON),
	("priority colours", re.compile(r"\.priority-p[1-4]\s*\{[^}]*colou?r", re.I), PAGES),
	# A map of unit status to colour (the statuses only units have, so incident and dispatch
	# statuses keep their own maps).
	("unit-status colours", re.compile(UNIT_STATUS_ONLY + r"\s*:\s*" + COLOUR), PAGES + PYTHON),
	# Leaflet set up by hand, with a centre, a zoom or tiles of its own, or Frappe's defaults.
	("the map", re.compile(r"\bL\.map\(|\.setView\(|\bL\.tileLayer\(|map_defaults"), PAGES),
	("the map's centre", re.compile(r"-3\.\d+\s*,\s*128\.\d+"), PAGES),
	("the map's tiles", re.compile(r"tile\.openstreetmap\.org"), PAGES + PYTHON),
	# A duration formatted by hand: minutes and seconds padded, or hours cut from seconds.
	("durations", re.compile(r"padStart\(\s*2|%\s*3600|/\s*3600\b|%\s*60\b"), SCRIPTS),
]


@pytest.mark.parametrize("what, pattern, files", SECOND_DEFINITIONS, ids=lambda v: getattr(v, "pattern", v))
def test_no_second_definition(what, pattern, files):
	found = [
		f"{p.relative_to(APP_PACKAGE)}:{n}: {line.strip()}"
		for p in files
		for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
		if pattern.search(line)
	]
	assert not found, f"{what} are defined once (core/display.py, public/js/display.js): {found}"


def test_the_patterns_find_what_they_guard_against():
	"""Each pattern catches the copies this module replaced (else the test above could not fail)."""
	copies = {
		"priority colours": ['const C = { P1: "red", P2: "orange", P3: "blue", P4: "gray" };',
			'.ap-item.priority-p3 { border-left-color: #1c7ed6; }', 'colors = {"P3": "#d9b200"}'],
		"unit-status colours": ['	Available: "green",', '	"Out of Service": "#8d99a6",'],
		"the map": ["this.map = L.map(el).setView([-3.66, 128.2], 11);",
			"L.tileLayer(frappe.utils.map_defaults.tiles, {})"],
		"the map's centre": ["const AMBON_CENTRE = [-3.6954, 128.1814];"],
		"the map's tiles": ['L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png")'],
		"durations": ['return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;',
			"const h = Math.floor(seconds / 3600);"],
	}  # fmt: skip
	for what, lines in copies.items():
		patterns = [pattern for name, pattern, _ in SECOND_DEFINITIONS if name == what]
		for line in lines:
			assert any(p.search(line) for p in patterns), (what, line)
	# …and not the other maps of the app: incident and dispatch statuses have colours of their own.
	for line in ['	"On Scene": "blue",', '	"En Route": "yellow",', '	Dispatched: "red",']:
		assert not any(p.search(line) for name, p, _ in SECOND_DEFINITIONS if "colours" in name), line


def test_the_helper_holds_the_one_definition():
	helper = HELPER.read_text(encoding="utf-8")
	assert "L.map(" in helper and "display.duration" in helper and "ambon112_display" in helper
	core = CORE.read_text(encoding="utf-8")
	assert "PRIORITY_COLOURS" in core and "UNIT_STATUS_COLOURS" in core and "MAP_CENTRE" in core


def test_every_desk_page_loads_the_helper_right_after_the_escaping_one():
	from ambon_112 import hooks

	scripts = hooks.app_include_js
	assert scripts[:2] == ["/assets/ambon_112/js/escape.js", "/assets/ambon_112/js/display.js"]
	assert "ambon_112.display.boot_session" in hooks.boot_session


@pytest.mark.parametrize("template", sorted(APP_PACKAGE.glob("www/agency/*.html")), ids=lambda p: p.name)
def test_portal_pages_load_the_helper_with_the_python_s_config(template):
	text = template_text(template)
	config = "<script>window.ambon112_display = {{ ambon112_display|tojson|e }};</script>"
	helper = '<script src="/assets/ambon_112/js/display.js"></script>'
	escape = '<script src="/assets/ambon_112/js/escape.js"></script>'
	assert text.index(escape) < text.index(config) < text.index(helper)
