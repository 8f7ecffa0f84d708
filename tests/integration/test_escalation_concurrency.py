"""Overlapping sweeps, each in its own thread with its own database connection, as two workers
of a real bench would run them. Data here is committed (other connections must see it); every
test leaves its items closed and its policies off."""

import json
import threading
import time
from contextlib import contextmanager

import frappe
import pytest
from frappe.utils import add_to_date, now_datetime

from ambon_112.escalation.sweep import sweep
from ambon_112.roles import SUPERVISOR
from ambon_112.tests.utils import (
	deactivate_escalation_policies,
	escalation_level,
	make_call,
	make_escalation_policy,
	make_incident,
	make_user,
)
from tests.bench import TEST_SITE


@pytest.fixture
def committed(site):
	"""Only this test's policies are active; afterwards the site's own policies are back on."""
	frappe.db.rollback()
	were_active = deactivate_escalation_policies(commit=True)
	world = {"policies": [], "calls": [], "incidents": [], "supervisor": make_user([SUPERVISOR])}
	frappe.db.commit()
	yield world
	frappe.db.rollback()
	for policy in world["policies"]:
		frappe.db.set_value("Escalation Policy", policy, "is_active", 0)
	for call in world["calls"]:
		doc = frappe.get_doc("Emergency Call", call)
		doc.ended_at = doc.ended_at or now_datetime()
		doc.save(ignore_permissions=True)
	for incident in world["incidents"]:
		frappe.db.set_value("Incident", incident, "status", "Closed")
	if were_active:
		frappe.db.set_value("Escalation Policy", {"name": ("in", were_active)}, "is_active", 1)
	frappe.db.commit()


def ringing_calls(world, count=1, seconds_ago=40):
	calls = [
		make_call(received_at=add_to_date(now_datetime(), seconds=-seconds_ago)).name for _ in range(count)
	]
	world["calls"] += calls
	return calls


def call_policy(world, repeat=0):
	roles = [SUPERVISOR]
	name = make_escalation_policy(
		"Emergency Call",
		[
			escalation_level(1, "Call Unanswered", 15, roles, users=[world["supervisor"]]),
			escalation_level(2, "Call Unanswered", 30, roles, repeat=repeat),
		],
	).name
	world["policies"].append(name)
	return name


class Worker:
	"""A function run in a thread with its own Frappe context and database connection."""

	def __init__(self, fn):
		self.fn, self.result, self.error = fn, None, None
		self.thread = threading.Thread(target=self.run, daemon=True)
		self.thread.start()

	def run(self):
		frappe.init(site=TEST_SITE, sites_path=".")
		frappe.connect()
		frappe.set_user("Administrator")
		try:
			self.result = self.fn()
		except BaseException as e:
			self.error = e
			frappe.db.rollback()
		finally:
			frappe.destroy()

	def join(self, timeout=120):
		self.thread.join(timeout)
		assert not self.thread.is_alive(), "worker still running"
		if self.error:
			raise self.error
		return self.result


def sweep_and_commit():
	counts = sweep()
	frappe.db.commit()  # what the scheduler's job runner does after the sweep returns
	return counts


def firings(names):
	frappe.db.rollback()  # a fresh snapshot: see what the workers committed
	return frappe.get_all(
		"Escalation Log",
		filters={"reference_name": ("in", names)},
		fields=["name", "reference_name", "level", "repeat_no"],
		order_by="reference_name, level, repeat_no",
	)


def notifications(logs):
	return frappe.get_all(
		"Notification Log",
		filters={"document_type": "Escalation Log", "document_name": ("in", [log.name for log in logs])},
		fields=["for_user", "document_name"],
	)


@contextmanager
def redis_events():
	"""Every realtime event the site emits while the block runs, as the socket.io server receives them."""
	from frappe.utils.background_jobs import get_redis_connection_without_auth

	pubsub = get_redis_connection_without_auth().pubsub()
	pubsub.subscribe("events")
	received = []
	try:
		yield received
	finally:
		deadline = time.monotonic() + 3
		while time.monotonic() < deadline:
			message = pubsub.get_message(timeout=0.2)
			if message and message["type"] == "message":
				event = json.loads(message["data"])
				# Redis pub/sub knows no databases nor sites: other sites of the machine publish here too.
				if event.get("namespace") == TEST_SITE:
					received.append(event)
		pubsub.close()


def test_a_sweep_that_starts_before_the_other_commits_fires_nothing_twice(committed):
	call_policy(committed)
	(call,) = ringing_calls(committed)
	frappe.db.commit()
	swept, commit = threading.Event(), threading.Event()

	def first():
		counts = sweep()  # returns, lock released, but not committed yet
		swept.set()
		commit.wait(60)
		frappe.db.commit()
		return counts

	with redis_events() as events:
		a = Worker(first)
		assert swept.wait(60)
		b = Worker(sweep_and_commit)
		time.sleep(2)
		# B found A's firings uncommitted and waits on the escalation log's unique key.
		assert b.thread.is_alive()
		commit.set()
		first_counts, second_counts = a.join(), b.join()
	logs = firings([call])
	assert [(log.level, log.repeat_no) for log in logs] == [(1, 0), (2, 0)]
	assert first_counts["fired"] >= 2 and second_counts["already_fired"] >= 2
	sent = notifications(logs)
	assert len(sent) == len({(n.for_user, n.document_name) for n in sent})
	assert {n.document_name for n in sent if n.for_user == committed["supervisor"]} == {
		log.name for log in logs
	}
	sent = [e for e in events if e["event"] == "ambon112_escalation"]
	rooms = [
		(e["room"], alert["log"])
		for e in sent
		for alert in e["message"]["alerts"]
		if alert["reference_name"] == call
	]
	assert len(rooms) == len(set(rooms))  # each user alerted once per firing
	assert (f"user:{committed['supervisor']}", logs[0].name) in rooms
	assert all(e["room"].startswith("user:") and e["namespace"] == TEST_SITE for e in sent)


def test_a_slow_sweep_keeps_the_next_one_out(committed):
	policy = make_escalation_policy(
		"Incident", [escalation_level(1, "Incident Not Triaged", 60, [SUPERVISOR], raise_priority=True)]
	).name
	committed["policies"].append(policy)
	incident = make_incident("Fallen Tree", reported_at=add_to_date(now_datetime(), minutes=-5)).name
	committed["incidents"].append(incident)
	frappe.db.commit()
	# Hold the incident's row: the first sweep stalls on it when it raises the priority.
	frappe.db.sql("select name from `tabIncident` where name = %s for update", incident)
	a = Worker(sweep_and_commit)
	time.sleep(2)
	assert a.thread.is_alive()
	b = Worker(sweep_and_commit)
	assert b.join(30) == {"skipped": 1}  # at once: the first sweep holds the site's sweep lock
	frappe.db.rollback()  # let the first sweep go on
	assert a.join()["fired"] >= 1
	assert [(log.level, log.repeat_no) for log in firings([incident])] == [(1, 0)]
	assert frappe.db.get_value("Incident", incident, "priority") == "P2"  # raised once, from P3


def test_many_workers_sweeping_at_once_fire_each_level_once(committed):
	call_policy(committed, repeat=60)
	calls = ringing_calls(committed, count=12)
	frappe.db.commit()
	for _ in range(2):
		workers = [Worker(sweep_and_commit) for _ in range(4)]
		for worker in workers:
			worker.join()
	logs = firings(calls)
	assert sorted((log.reference_name, log.level, log.repeat_no) for log in logs) == sorted(
		(call, level, 0) for call in calls for level in (1, 2)
	)
	sent = notifications(logs)
	assert len(sent) == len({(n.for_user, n.document_name) for n in sent})


def test_the_scheduler_runs_the_sweep_every_minute(committed):
	job = frappe.get_doc("Scheduled Job Type", {"method": "ambon_112.escalation.sweep.run"})
	assert (job.frequency, job.cron_format, job.stopped) == ("Cron", "* * * * *", 0)
	call_policy(committed)
	(call,) = ringing_calls(committed)
	frappe.db.commit()
	job.execute()  # the scheduler's own runner: it calls the sweep and commits
	assert [(log.level, log.repeat_no) for log in firings([call])] == [(1, 0), (2, 0)]


def test_a_worker_that_dies_mid_sweep_leaves_nothing_half_done(committed):
	from ambon_112.escalation.sweep import sweep_lock_name

	call_policy(committed)
	(call,) = ringing_calls(committed)
	frappe.db.commit()
	swept, die = threading.Event(), threading.Event()

	def dying():
		# Still inside the sweep: the lock held, its firings written, nothing committed.
		frappe.db.sql("select get_lock(%s, 0)", sweep_lock_name())
		sweep()
		swept.set()
		die.wait(60)
		frappe.db.close()  # the worker is killed: its connection drops without a commit
		return "died"

	a = Worker(dying)
	assert swept.wait(60)
	assert Worker(sweep_and_commit).join() == {"skipped": 1}  # the dying worker still holds the lock
	die.set()
	a.join()
	assert firings([call]) == []  # nothing of the dead sweep survived
	after = Worker(sweep_and_commit).join()  # the lock died with the connection
	assert after["fired"] >= 2
	assert [(log.level, log.repeat_no) for log in firings([call])] == [(1, 0), (2, 0)]
