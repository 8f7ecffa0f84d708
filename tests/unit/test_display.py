"""One set of display conventions (core/display.py) and the one script that applies them
(public/js/display.js), run in Node: its durations read exactly as the Python's ``clock``, its
colours and map are the Python's."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ambon_112.core import display
from ambon_112.core.board import UNIT_STATUSES
from ambon_112.core.durations import clock
from ambon_112.core.incident_states import PRIORITIES

SCRIPT = Path(__file__).resolve().parents[2] / "apps/ambon_112/ambon_112/public/js/display.js"
HEX = re.compile(r"#[0-9a-f]{6}")
# What the desk offers the script: frappe.provide, the boot, __ (identity here).
HARNESS = """
const vm = require("vm");
const fs = require("fs");
const [script, config, calls] = [process.argv[1], JSON.parse(process.argv[2]), JSON.parse(process.argv[3])];
const sandbox = { window: {}, __: (text) => text };
sandbox.frappe = {
	boot: { ambon112_display: config },
	provide(path) {
		let at = sandbox;
		for (const part of path.split(".")) at = at[part] = at[part] || {};
	},
};
sandbox.ambon112 = { esc: (v) => String(v == null ? "" : v).replace(/&/g, "&amp;").replace(/</g, "&lt;") };
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(script, "utf8"), sandbox);
const d = sandbox.ambon112.display;
process.stdout.write(JSON.stringify(calls.map(([name, args]) => d[name](...args))));
"""


def run_display(calls: list) -> list:
	"""Call ambon112.display's functions in Node, with the Python's config as the desk's boot."""
	node = shutil.which("node")
	assert node, "Node.js is needed (Frappe's desk assets need it too)"
	out = subprocess.run(
		[node, "-e", HARNESS, str(SCRIPT), json.dumps(display.client_config()), json.dumps(calls)],
		capture_output=True,
		text=True,
		check=True,
		timeout=60,
	)
	return json.loads(out.stdout)


def test_every_unit_status_and_priority_has_one_colour():
	assert tuple(display.UNIT_STATUS_COLOURS) == UNIT_STATUSES
	assert tuple(display.PRIORITY_COLOURS) == PRIORITIES
	for colour in (*display.UNIT_STATUS_COLOURS.values(), *display.PRIORITY_COLOURS.values()):
		assert HEX.fullmatch(colour.hex) and colour.indicator.isalpha()
	# The urgent priorities never share a colour: a P1 must not look like a P2.
	urgent = [display.PRIORITY_COLOURS[p] for p in PRIORITIES[:3]]
	assert len(set(urgent)) == 3


def test_unknown_values_are_gray():
	assert display.priority_colour(None) == display.priority_colour("P9") == display.GRAY
	assert display.unit_status_colour("Teleported") == display.GRAY


def test_the_map_opens_on_kota_ambon():
	lat, lng = display.MAP_CENTRE
	# Kota Ambon lies within 3.57–3.80 °S and 128.06–128.31 °E (fixtures/ambon_areas.geojson).
	assert -3.80 < lat < -3.57 and 128.06 < lng < 128.31
	assert 10 <= display.MAP_ZOOM < display.MAP_POINT_ZOOM <= display.MAP_MAX_ZOOM


EXAMPLES = [None, "", 0, 7, 59, 60, 65, 3599, 3600, 3725, 86_399, 86_400, 86_461, 10**7, -4, 12.9]


def test_the_script_shows_durations_as_the_python_clock():
	shown = run_display([["duration", [s]] for s in EXAMPLES])
	assert shown == [clock(s if s != "" else None) for s in EXAMPLES]
	assert shown[EXAMPLES.index(3725)] == "1:02:05"  # hours shown, never "62:05"


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=40 * 86_400), min_size=1, max_size=200))
def test_the_script_and_the_python_agree_on_any_duration(seconds):
	assert run_display([["duration", [s]] for s in seconds]) == [clock(s) for s in seconds]


def test_the_script_takes_its_colours_and_map_from_the_python():
	calls = [
		*(["priority", [p]] for p in PRIORITIES),
		*(["unit_status", [s]] for s in UNIT_STATUSES),
		["priority", ["P9"]],
		["unit_statuses", []],
		["exercise_colour", []],
	]
	got = run_display(calls)
	expected = [
		*(display.PRIORITY_COLOURS[p]._asdict() for p in PRIORITIES),
		*(display.UNIT_STATUS_COLOURS[s]._asdict() for s in UNIT_STATUSES),
		display.GRAY._asdict(),
		list(UNIT_STATUSES),
		display.EXERCISE_COLOUR._asdict(),
	]
	assert got == expected


def test_the_script_escapes_what_it_marks_and_labels_drills():
	pill, subject, live = run_display(
		[
			["unit_status_pill", ["Available", "<b>2</b>"]],
			["exercise_subject", ["Api & asap", {"name": "INC-1", "is_exercise": 1}]],
			["exercise_subject", ["Api & asap", {"name": "INC-2", "is_exercise": 0}]],
		]
	)
	colour = display.UNIT_STATUS_COLOURS["Available"].indicator
	assert pill == f'<span class="indicator-pill {colour} ">&lt;b>2&lt;/b></span>'
	# A list subject is text (Frappe sets it as textContent): prefixed, never escaped twice.
	assert (subject, live) == ("LATIHAN · Api & asap", "Api & asap")
