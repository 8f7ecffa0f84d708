"""MariaDB restarted, or a deadlock, during intake: the webhook answers 5xx while the database is gone (so the PBX
tries again), never 2xx for what was not committed, never a half-written call; replayed and retried
events create nothing twice. Load with 20 % replays and a crash-restart of the database in the
middle, on a site of its own on a private MariaDB server that the test owns (the machine's MariaDB
is never touched). The 10,000-event run is benchmarks/intake_faults."""

import os
import threading

import frappe
import pytest
import requests

from tests.bench import REPO, TEST_SITE, common_config, gunicorn, site_headers
from tests.faults import connect_as_site, site_on_private_mariadb, wait_for
from tests.intake_load import WEBHOOK, integration_user, make_events, send_all, site_db, verdict

SITE = f"db-faults.{TEST_SITE}"
EVENTS = int(os.environ.get("AMBON112_FAULT_EVENTS", 1000))
ARTIFACTS = REPO / "test-artifacts" / "faults-database"

pytestmark = pytest.mark.http


@pytest.fixture(scope="module")
def private(site):
	ARTIFACTS.mkdir(parents=True, exist_ok=True)
	with site_on_private_mariadb(SITE, reuse=os.environ.get("AMBON112_REUSE_SITE") == "1") as server:
		auth = integration_user(SITE)
		with gunicorn(workers=4, log_path=ARTIFACTS / "gunicorn.log", site=SITE) as base:
			yield frappe._dict(server=server, base=base, auth=auth)


def test_a_database_restart_mid_load_loses_nothing_and_duplicates_nothing(private):
	run = f"dbf-{frappe.generate_hash(length=6)}"
	events, calls = make_events(EVENTS, run)
	outcome = send_all(private.base, SITE, private.auth, events, clients=8, halfway=private.server.restart)
	print(
		f"{len(events)} events in {outcome.seconds:.0f} s; answers {dict(outcome.answers)}; retried after {dict(outcome.failures)}"
	)
	assert outcome.answers == {"200": len(events)}, "every event is answered 2xx in the end"
	assert outcome.failures, "the restart hit requests in flight"
	assert all(kind == "500" or not kind.isdigit() for kind in outcome.failures), outcome.failures
	result = verdict(site_db(SITE, private.server.port), run, calls)
	assert result == {"calls": len(calls), "lost": 0, "duplicated": 0, "inconsistent": 0}


def test_a_deadlock_during_intake_is_retried_whole_and_writes_the_call_once(server):
	"""A real lock cycle: another transaction inserts the same call id and then wants the naming
	series row the webhook's insert holds. InnoDB rolls the webhook's transaction back (the smaller
	one); the webhook starts again from nothing and records the call once, answering 2xx."""
	from ambon_112.tests.utils import make_api_user

	_, key, secret = make_api_user()
	frappe.db.commit()
	call_id = f"deadlock-{frappe.generate_hash(length=10)}"
	other = connect_as_site()
	cursor = other.cursor()
	for i in range(50):  # a bigger transaction than the webhook's, so InnoDB picks the webhook
		cursor.execute(
			"insert into `tabEmergency Call` (name, telephony_call_id, call_state) values (%s, %s, 'Ringing')",
			(f"{call_id}-other-{i}", call_id if i == 0 else f"{call_id}-other-{i}"),
		)
	answer = {}
	webhook = threading.Thread(
		target=lambda: answer.update(
			response=requests.post(
				f"{server}{WEBHOOK}",
				data={"call_id": call_id, "event": "ringing", "caller": "081243551234"},
				headers={**site_headers(), "Authorization": f"token {key}:{secret}"},
				timeout=120,
			)
		)
	)
	webhook.start()
	wait_for(lambda: waiting_insert(call_id), 60, "the webhook's insert to wait for the other's")
	cursor.execute("select name from tabSeries where name like 'CALL-%%' for update")  # the cycle
	other.rollback()
	other.close()
	webhook.join(timeout=120)

	assert answer["response"].status_code == 200, answer["response"].text[:2000]
	assert answer["response"].json()["message"]["created"] is True
	deadlock = innodb_status().partition("LATEST DETECTED DEADLOCK")[2].partition("TRANSACTIONS")[0]
	assert call_id in deadlock, "InnoDB detected this deadlock (and rolled the webhook's side back)"
	frappe.db.rollback()
	assert frappe.get_all("Emergency Call", filters={"telephony_call_id": call_id}, pluck="name") == [
		answer["response"].json()["message"]["call"]
	]
	assert not frappe.db.exists("Emergency Call", {"name": ("like", f"{call_id}-other-%")})


def waiting_insert(call_id: str) -> bool:
	frappe.db.rollback()
	return bool(
		frappe.db.sql(
			"select id from information_schema.processlist where info like %s and info like %s",
			("insert into `tabEmergency Call`%", f"%{call_id}%"),
		)
	)


def innodb_status() -> str:
	"""SHOW ENGINE INNODB STATUS needs the PROCESS privilege: the bench's database admin has it."""
	import pymysql

	config = common_config()
	conn = pymysql.connect(
		host=frappe.conf.db_host or "127.0.0.1",
		port=int(frappe.conf.db_port or 3306),
		user=config.get("root_login") or "root",
		password=config.get("root_password") or "",
	)
	try:
		with conn.cursor() as cursor:
			cursor.execute("show engine innodb status")
			return cursor.fetchone()[2]
	finally:
		conn.close()
