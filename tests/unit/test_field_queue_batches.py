"""The offline queue's requests (public/js/field_queue.js, run in Node): at most 50 updates and
256 KB of text each, the oldest first, never an empty one — a queue of photos is several requests a
slow 3G link can finish, not one of megabytes."""

import json
import shutil
import subprocess
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

SCRIPT = Path(__file__).resolve().parents[2] / "apps/ambon_112/ambon_112/public/js/field_queue.js"
LIMIT = 256 * 1024
HARNESS = """
const vm = require("vm");
const fs = require("fs");
const sandbox = {};
sandbox.self = sandbox;
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), sandbox);
const queue = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(sandbox.ambon112_field_queue.next_batch(queue)));
"""


def next_batch(updates: list[dict]) -> list[dict]:
	node = shutil.which("node")
	assert node, "Node.js is needed (Frappe's desk assets need it too)"
	out = subprocess.run(
		[node, "-e", HARNESS, str(SCRIPT)],
		input=json.dumps(updates),
		capture_output=True,
		text=True,
		check=True,
		timeout=60,
	)
	return json.loads(out.stdout)


def update(n: int, photo_kb: int = 0) -> dict:
	return {"client_id": f"c{n:04d}", "pressed_at": n, "kind": "status", "photo": "x" * (photo_kb * 1024)}


def test_presses_go_fifty_at_a_time_oldest_first():
	queue = [update(n) for n in range(120)]
	assert next_batch(queue) == queue[:50]


def test_photos_are_split_so_no_request_is_megabytes():
	queue = [update(n, photo_kb=300) for n in range(10)]  # the default photo limit
	assert next_batch(queue) == queue[:1]
	queue = [update(n, photo_kb=100) for n in range(10)]
	assert next_batch(queue) == queue[:2]


def test_one_update_larger_than_the_limit_is_still_sent_alone():
	queue = [update(0, photo_kb=400), update(1)]
	assert next_batch(queue) == queue[:1]


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=200), min_size=1, max_size=60))
def test_a_batch_is_the_oldest_updates_that_fit(sizes):
	queue = [update(n, photo_kb=kb) for n, kb in enumerate(sizes)]
	batch = next_batch(queue)
	assert batch == queue[: len(batch)] and 1 <= len(batch) <= 50
	text = [len(json.dumps(u, separators=(",", ":"))) for u in queue]
	assert len(batch) == 1 or sum(text[: len(batch)]) <= LIMIT
	if len(batch) < min(50, len(queue)):  # stopped early: the next one would not have fitted
		assert sum(text[: len(batch) + 1]) > LIMIT
