"""Failover to the replica during intake, and the promotion's refusals.

A site of its own is restored from a backup of the test site onto a private primary with a
semi-synchronous GTID replica (tests/faults.py), served by gunicorn with 4 workers. The PBX
(tests/intake_load.py) sends calls, each event until it is answered 2xx. Midway the replica's
SQL thread is stopped, so calls the PBX was told 2xx for sit unapplied in its relay log; the
primary's mariadbd is killed; a promotion is refused (behind what it received), the SQL thread
runs again and the promotion goes through. The same gunicorn serves the PBX again, and every call
acknowledged at any time is on the promoted server, exactly once. With asynchronous replication,
the same promotion loses calls the PBX was told 2xx for."""

import json

import pytest

from ambon_112.continuity import backups
from ambon_112.core.failover import not_applied
from tests.bench import BENCH, TEST_SITE, _artifacts, gunicorn
from tests.failover_drill import promote, run_drill, semi_sync_state, site_config
from tests.faults import replicated_site, wait_for
from tests.intake_load import (
	acknowledged_verdict,
	calls_in_order,
	integration_user,
	send_until_acknowledged,
	site_db,
)

pytestmark = pytest.mark.http

SITE = f"failover-{TEST_SITE}"
ASYNC_SITE = f"failover-async-{TEST_SITE}"
DB_NAME, DB_PASSWORD = "_ambon112_failover_test", "failover-test-password"


@pytest.fixture(scope="module")
def world(site):
	backup = backups.take_backup(force=True)
	with replicated_site(SITE, backup.backup_path_db, DB_NAME, DB_PASSWORD, semi_sync=True) as servers:
		auth = integration_user(SITE)
		with gunicorn(workers=4, log_path=_artifacts() / "gunicorn-failover.log", site=SITE) as base:
			yield {"servers": servers, "auth": auth, "base": base}


def slave_running(replica) -> list[str]:
	status = replica.slave_status()
	return [status.get("Slave_IO_Running"), status.get("Slave_SQL_Running")]


def test_the_promotion_refuses_a_server_that_is_no_replica_and_while_the_primary_answers(world):
	primary, replica = world["servers"]
	before = site_config(SITE)
	refused = promote(SITE, "--replica-port", str(primary.port))
	assert refused.returncode == 1 and "is not a replica" in refused.stderr, refused.stderr
	refused = promote(SITE)
	assert refused.returncode == 1 and "still answers" in refused.stderr, refused.stderr
	assert site_config(SITE) == before
	assert slave_running(replica) == ["Yes", "Yes"] and replica.query("select @@read_only") == "1"
	log = (BENCH / "sites" / SITE / "logs" / "ambon_112.failover.log").read_text()
	assert log.count('"result": "refused"') >= 2, log


def test_every_call_acknowledged_before_and_after_the_primary_dies_is_on_the_promoted_replica(world):
	primary, replica = world["servers"]
	assert semi_sync_state(primary)["status"] == "ON"

	def fall_behind(drill):
		"""Calls acknowledged from here on are received by the replica but not applied."""
		replica.sql("stop slave sql_thread")
		acknowledged = drill.acknowledged.count
		wait_for(lambda: drill.acknowledged.count >= acknowledged + 20, 120, "more acknowledged events")
		applied = replica.query("select @@gtid_slave_pos")
		drill.steps["unapplied_before_kill"] = not_applied(replica.slave_status()["Gtid_IO_Pos"], applied)

	def refused_while_behind(drill):
		before = site_config(SITE)
		refused = promote(SITE, "--wait", "2")
		drill.steps["refused"] = (refused.returncode, refused.stderr)
		drill.steps["config_unchanged"] = site_config(SITE) == before
		replica.sql("start slave sql_thread")

	drill = run_drill(
		world["base"], SITE, world["auth"], primary, replica, "failover", calls=90,
		before_kill=fall_behind, before_promotion=refused_while_behind,
	)  # fmt: skip

	# Before the kill, every commit had waited for the replica, and some were not applied yet.
	assert drill.semi_sync_before_kill["status"] == "ON" and drill.commits_without_replica == 0, (
		drill.semi_sync_at_start,
		drill.semi_sync_before_kill,
	)
	assert drill.steps["unapplied_before_kill"], "the replica applied everything: the refusal tests nothing"
	code, message = drill.steps["refused"]
	assert code == 1 and "has not applied everything" in message, message
	assert drill.steps["config_unchanged"]
	# The PBX got its 2xx for every event in the end, through the same gunicorn.
	acknowledged = drill.acknowledged
	assert acknowledged.given_up == 0 and len(acknowledged.events) == 90
	assert all(events == {"ringing", "answered", "ended"} for events in acknowledged.events.values())
	assert any(sent > drill.promoted_at and status == 200 for sent, _, status in acknowledged.attempts)
	assert drill.verdict == {"acknowledged": 90, "lost": 0, "duplicated": 0}, drill.verdict
	# The site names the promoted server; it writes and replicates from nothing.
	config = site_config(SITE)
	assert (config["db_port"], config["read_from_replica"]) == (replica.port, 0)
	assert "replica_host" not in config and "replica_db_port" not in config
	assert replica.slave_status() == {} and replica.query("select @@read_only") == "0"
	# The promotion is on record with the positions it compared.
	log = (BENCH / "sites" / SITE / "logs" / "ambon_112.failover.log").read_text().splitlines()
	promoted = [json.loads(line.split(" ambon_112.failover ", 1)[1]) for line in log if '"promoted"' in line]
	assert len(promoted) == 1 and not not_applied(promoted[0]["received"], promoted[0]["applied"]), promoted
	outage = drill.seconds_without_service
	print(f"\nfailover: {outage:.1f} s without service; {drill.promotion.strip()}")
	assert outage is not None


def test_with_asynchronous_replication_calls_the_pbx_was_told_2xx_for_are_lost(site):
	"""Why semi-synchronous replication is required: an asynchronous primary answers before the
	replica has the call. The replica's IO thread is stopped (a replica behind by the network), the
	PBX is answered 2xx all the same, the primary dies, and the promotion, which cannot know, goes
	through without those calls."""
	backup = backups.take_backup(force=True)
	with replicated_site(ASYNC_SITE, backup.backup_path_db, DB_NAME, DB_PASSWORD) as (primary, replica):
		auth = integration_user(ASYNC_SITE)
		with gunicorn(workers=2, log_path=_artifacts() / "gunicorn-async.log", site=ASYNC_SITE) as base:
			replica.sql("stop slave io_thread")
			calls = [events[:1] for events in calls_in_order("async", 5)]  # ringing: the call is there
			acknowledged = send_until_acknowledged(base, ASYNC_SITE, auth, calls, 1, 0, None)
			assert acknowledged.count == 5
			primary.kill()
			promoted = promote(ASYNC_SITE)
			assert promoted.returncode == 0, promoted.stderr
			verdict = acknowledged_verdict(site_db(ASYNC_SITE, replica.port), "async", acknowledged)
	assert verdict == {"acknowledged": 5, "lost": 5, "duplicated": 0}, verdict
