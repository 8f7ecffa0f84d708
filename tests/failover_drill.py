"""The failover drill, for the test and the benchmark: the PBX sends calls through gunicorn to a site
on a private primary with a semi-synchronous replica; midway the primary's mariadbd is killed
(SIGKILL), the replica is promoted by the app's command and the PBX goes on, retrying every event
until it is answered 2xx. Gunicorn is not restarted. The verdict is read from the promoted server."""

from __future__ import annotations

import json
import threading
import time
import traceback
from dataclasses import dataclass, field

from tests.bench import BENCH, bench_cmd
from tests.faults import PrivateMariaDB
from tests.intake_load import (
	Acknowledged,
	acknowledged_verdict,
	calls_in_order,
	send_until_acknowledged,
	site_db,
)

PROMOTE = "ambon112-promote-replica"


@dataclass
class Drill:
	acknowledged: Acknowledged | None = None
	killed_at: float = 0.0  # monotonic
	promoted_at: float = 0.0
	promotion: str = ""  # the command's output
	semi_sync_at_start: dict = field(default_factory=dict)
	semi_sync_before_kill: dict = field(default_factory=dict)
	verdict: dict = field(default_factory=dict)
	steps: dict = field(default_factory=dict)  # what `before_kill` and `before_promotion` noted
	error: str = ""  # a step of the fault that failed (the load was stopped)

	@property
	def commits_without_replica(self) -> int:
		"""Commits of the load the primary answered without the replica's receipt (the setup's own,
		made before the replica followed, do not count)."""
		return self.semi_sync_before_kill["no_tx"] - self.semi_sync_at_start["no_tx"]

	@property
	def seconds_without_service(self) -> float | None:
		return self.acknowledged.seconds_without_service(self.killed_at)


def promote(site: str, *args: str):
	return bench_cmd(PROMOTE, *args, site=site, check=False, timeout=600)


def site_config(site: str) -> dict:
	return json.loads((BENCH / "sites" / site / "site_config.json").read_text())


def semi_sync_state(primary: PrivateMariaDB) -> dict:
	"""Whether the primary waits for the replica, and how many commits it answered without waiting."""
	return {
		"status": primary.global_status("Rpl_semi_sync_master_status"),
		"clients": int(primary.global_status("Rpl_semi_sync_master_clients")),
		"no_tx": int(primary.global_status("Rpl_semi_sync_master_no_tx")),
		"yes_tx": int(primary.global_status("Rpl_semi_sync_master_yes_tx")),
	}


def run_drill(
	base: str,
	site: str,
	auth: str,
	primary: PrivateMariaDB,
	replica: PrivateMariaDB,
	run: str,
	calls: int,
	clients: int = 4,
	before_kill=None,
	before_promotion=None,
) -> Drill:
	"""`calls` calls of three events; the primary dies once a third of the events were acknowledged.
	`before_kill(drill)` and `before_promotion(drill)` are the test's extra steps around the kill."""
	drill, abort = Drill(acknowledged=Acknowledged()), threading.Event()

	def fault():
		try:
			kill_and_promote()
		except Exception:
			drill.error = traceback.format_exc()
			abort.set()

	def kill_and_promote():
		if before_kill:
			before_kill(drill)
		drill.semi_sync_before_kill = semi_sync_state(primary)
		drill.killed_at = time.monotonic()
		primary.kill()
		if before_promotion:
			before_promotion(drill)
		proc = promote(site)
		drill.promotion = proc.stdout + proc.stderr
		if proc.returncode != 0:
			raise AssertionError(f"the promotion failed: {drill.promotion}")
		drill.promoted_at = time.monotonic()

	events = calls_in_order(run, calls)
	drill.semi_sync_at_start = semi_sync_state(primary)
	send_until_acknowledged(
		base, site, auth, events, clients, fault_after=calls, fault=fault, abort=abort, out=drill.acknowledged
	)
	assert not drill.error, drill.error
	drill.verdict = acknowledged_verdict(site_db(site, replica.port), run, drill.acknowledged)
	return drill
