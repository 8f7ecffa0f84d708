"""Reports and public statistics on a MariaDB replica (Frappe's read_from_replica), and on the
primary while the replica is down.

Two private mariadbd of this test: the primary (binary log, GTID) and a replica following it.
A site of its own is restored on the primary from a backup of the test site (Frappe's restore),
replicated, and pointed at the replica in its config. Each probe runs in a process of its own
(as a request: the site connected, caches warm) and between "ready" and "done" does exactly what
a request would: the app's before_request pin, then a KPI script report through Frappe's
``frappe.desk.query_report.run``, the public statistics' figures, a workspace chart and a number
card, each as a request of its own. The servers' Com_select
counters show where the reads went."""

import subprocess
import time

import pytest

from ambon_112.continuity import backups
from tests.bench import BENCH, TEST_SITE, system_env
from tests.faults import PrivateMariaDB, replicated_site

pytestmark = pytest.mark.integration

SITE = f"replica-{TEST_SITE}"
DB_NAME, DB_PASSWORD = "_ambon112_replica_test", "replica-test-password"

PROBE = r"""
import sys, frappe
frappe.init(site=sys.argv[1], sites_path=".")
frappe.connect()
frappe.set_user("Administrator")
from frappe.desk.query_report import run
from ambon_112.continuity.replica import pin_to_primary_while_replica_is_down
from ambon_112.reporting.public_stats import compute_figures
from ambon_112.api.dashboard import answered_within_15s_today, calls_per_hour

primary = frappe.local.db

def new_request():
	for attr in ("primary_db", "replica_db"):  # a new request: Frappe's request locals are fresh
		if getattr(frappe.local, attr, None) is not None:
			delattr(frappe.local, attr)
	frappe.local.db = primary
	pin_to_primary_while_replica_is_down()


def request():
	new_request()
	result = run("Call Classes", filters={})  # the desk's report view
	new_request()
	figures = compute_figures()  # the public page /112, when its cache has expired
	new_request()
	chart = calls_per_hour()  # a chart of the workspace
	new_request()
	card = answered_within_15s_today()  # a number card of the workspace
	assert "datasets" in chart and card, (chart, card)
	return result, figures


request()  # warm the caches (meta, report) as a running worker has them
print("ready", flush=True)
sys.stdin.readline()
result, figures = request()
assert "result" in result and "calls" in figures, (result, figures)
print("done", flush=True)
sys.stdin.readline()
"""


@pytest.fixture(scope="module")
def servers(site):
	backup = backups.take_backup(force=True)
	with replicated_site(SITE, backup.backup_path_db, DB_NAME, DB_PASSWORD) as (primary, replica):
		yield primary, replica


def probe(primary: PrivateMariaDB, replica: PrivateMariaDB | None) -> dict:
	"""Com_select moved on each server while one request ran its reports."""
	proc = subprocess.Popen(
		[str(BENCH / "env" / "bin" / "python"), "-c", PROBE, SITE],
		cwd=BENCH / "sites",
		stdin=subprocess.PIPE,
		stdout=subprocess.PIPE,
		stderr=subprocess.PIPE,
		text=True,
		env=system_env(),
	)
	try:
		assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
		before = (
			int(primary.global_status("Com_select")),
			replica and int(replica.global_status("Com_select")),
		)
		started = time.monotonic()
		proc.stdin.write("\n")
		proc.stdin.flush()
		assert proc.stdout.readline().strip() == "done", proc.stderr.read()
		seconds = time.monotonic() - started
		after = (
			int(primary.global_status("Com_select")),
			replica and int(replica.global_status("Com_select")),
		)
		proc.stdin.write("\n")
		proc.stdin.flush()
		assert proc.wait(timeout=120) == 0, proc.stderr.read()
	finally:
		if proc.poll() is None:
			proc.kill()
	return {
		"primary": after[0] - before[0],
		"replica": (after[1] - before[1]) if replica else None,
		"seconds": seconds,
	}


def test_reports_and_statistics_read_from_the_replica_and_from_the_primary_when_it_is_behind_or_down(
	servers,
):
	primary, replica = servers
	moved = probe(primary, replica)
	assert moved["replica"] > 0 and moved["primary"] == 0, moved
	# A replica that stopped applying the primary's changes is behind by an unknown time: not used.
	replica.sql("stop slave sql_thread")
	moved = probe(primary, replica)
	assert moved["primary"] > 0 and moved["replica"] == 0, moved
	replica.sql("start slave sql_thread")
	replica.kill()
	moved = probe(primary, None)
	# The same request, served by the primary; the dead replica cost it at most the probe's timeout.
	assert moved["primary"] > 0, moved
	assert moved["seconds"] < 30, moved
