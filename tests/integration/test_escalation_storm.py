"""An earthquake minute: many escalations fire in one sweep, each once, with one realtime message
per room; the e-mail is queued after the commit; and the batched writes give the same result as
writing each firing through documents. Committed data, sweeps in their own threads and database
connections as scheduler workers run them; realtime read from Redis as socket.io receives it."""

import re

import frappe
import pytest
from frappe.utils import add_to_date, now_datetime

from ambon_112.escalation.batch import LOG_FIELDS
from ambon_112.escalation.outbox import MAIL_JOB
from ambon_112.escalation.sweep import sweep
from ambon_112.roles import AGENCY_STAFF, OPERATOR, SUPERVISOR
from ambon_112.tests.utils import (
	escalation_level,
	frozen_at,
	make_agency,
	make_call,
	make_dispatch,
	make_escalation_policy,
	make_incident,
	make_user,
	outgoing_mail_account,
)
from tests.bench import TEST_SITE, bench_cmd
from tests.integration import test_escalation_concurrency as concurrency
from tests.integration.test_escalation_concurrency import Worker, firings, redis_events

committed = concurrency.committed  # only this test's policies are active; items closed afterwards
LOG = "Escalation Log"


def storm_policies(world) -> dict:
	"""Calls: the supervisors and a named operator; dispatches: the agency's crew and on-duty
	contact and the supervisors, and the incident's priority raised."""
	world["operator"] = make_user([OPERATOR])
	calls = make_escalation_policy(
		"Emergency Call",
		[escalation_level(1, "Call Unanswered", 15, [SUPERVISOR], users=[world["operator"]])],
	).name
	dispatches = make_escalation_policy(
		"Dispatch",
		[
			escalation_level(
				1, "Dispatch Not Acknowledged", 60, [SUPERVISOR], agency=True, raise_priority=True
			)
		],
	).name
	world["policies"] += [calls, dispatches]
	return {"calls": calls, "dispatches": dispatches}


def storm_items(world, calls: int, incidents: int, agencies: list[str], at=None) -> list[str]:
	"""Ringing calls, and P3 incidents each with a dispatch to every agency, made at ``at``
	(default: now); their names."""
	with frozen_at(at or now_datetime()):
		names = [make_call().name for _ in range(calls)]
		world["calls"] += names
		for i in range(incidents):
			incident = make_incident("Fallen Tree", title=f"Pohon tumbang {i}").name
			world["incidents"].append(incident)
			for agency in agencies:
				dispatch = make_dispatch(incident, agency=agency).name
				world.setdefault("dispatches", []).append(dispatch)
				names.append(dispatch)
	frappe.db.commit()
	return names


def crewed_agency() -> str:
	agency = make_agency(
		"Fire",
		contacts=[
			{"label": "Piket", "phone": "0911-352444", "email": "piket@storm.test", "is_on_duty_contact": 1}
		],
	)
	make_user([AGENCY_STAFF], agency=agency)
	make_user([AGENCY_STAFF], agency=agency)
	return agency


@pytest.fixture
def storm(committed):
	yield committed
	frappe.db.rollback()
	for dispatch in committed.get("dispatches", []):
		frappe.db.set_value("Dispatch", dispatch, "status", "Cancelled")
	frappe.db.commit()


def sweep_at(now, batched=True):
	def run():
		counts = sweep(now, batched=batched)
		frappe.db.commit()  # what the scheduler's job runner does after the sweep returns
		return counts

	return run


def realtime_by_room(events, event: str) -> dict[str, list[dict]]:
	by_room = {}
	for e in events:
		if e["event"] == event and e["namespace"] == TEST_SITE:
			by_room.setdefault(e["room"], []).append(e["message"])
	return by_room


def test_a_storm_fires_each_escalation_once_with_one_realtime_message_per_room(storm):
	storm_policies(storm)
	agencies = [crewed_agency(), crewed_agency()]
	items = storm_items(storm, calls=120, incidents=15, agencies=agencies)
	now, started = add_to_date(now_datetime(), seconds=90), now_datetime()
	with redis_events() as events:
		counts = Worker(sweep_at(now)).join()
	logs = firings(items)
	# (Open items other test modules left behind may fire too: only this storm's are counted.)
	assert len(logs) == len(items) == 150 and counts["fired"] >= 150
	assert {(log.reference_name, log.level, log.repeat_no) for log in logs} == {(i, 1, 0) for i in items}

	recipients = frappe.get_all(
		"Escalation Log Recipient",
		filters={"parenttype": LOG, "parent": ("in", [log.name for log in logs]), "user": ("is", "set")},
		fields=["parent", "user"],
	)
	expected = {}
	for row in recipients:
		expected.setdefault(f"user:{row.user}", set()).add(row.parent)
	alerts = realtime_by_room(events, "ambon112_escalation")
	assert all(len(messages) == 1 for messages in alerts.values())  # one message per room
	mine = {log.name for log in logs}
	told = {room: {a["log"] for a in m[0]["alerts"]} & mine for room, m in alerts.items()}
	assert {room: logs for room, logs in told.items() if logs} == expected  # each notified user, all theirs
	assert all(room.startswith("user:") for room in alerts)
	rung = realtime_by_room(events, "notification")
	assert set(rung) >= set(expected) and all(len(m) == 1 for m in rung.values())
	log_lists = [e["room"] for e in events if e["event"] == "list_update" and e["message"]["doctype"] == LOG]
	assert log_lists == ["doctype:Escalation Log"]  # one, to the desk users who may read the logs
	assert not [e for e in events if e["room"] in ("all", f"{TEST_SITE}:all", "website")]

	# The bell: desk users are pointed at the log, agency users at their dispatch, each once.
	notified = frappe.get_all(
		"Notification Log",
		filters={"creation": (">=", started), "document_name": ("in", [log.name for log in logs] + items)},
		fields=["for_user", "document_name"],
	)
	desk = dict(
		frappe.get_all(
			"User",
			filters={"name": ("in", [r.user for r in recipients])},
			fields=["name", "user_type"],
			as_list=True,
		)
	)
	reference = {log.name: log.reference_name for log in logs}
	bell = {(r.user, r.parent if desk[r.user] == "System User" else reference[r.parent]) for r in recipients}
	assert {(n.for_user, n.document_name) for n in notified} == bell and len(notified) == len(bell)
	# The incidents went up one step, once each, however many of their dispatches were late.
	for incident in storm["incidents"]:
		assert frappe.db.get_value("Incident", incident, "priority") == "P2"
		raised = frappe.get_all(
			LOG, filters={"incident": incident, "priority_after": ("is", "set")}, pluck="name"
		)
		assert len(raised) == 1

	# The next minute's sweep finds nothing new to fire: exactly once.
	again = Worker(sweep_at(add_to_date(now, seconds=60))).join()
	assert again.get("fired", 0) == 0 and len(firings(items)) == 150


def test_storm_email_is_queued_after_the_commit_and_sent_by_a_worker(storm):
	from frappe.utils.background_jobs import get_queue

	with outgoing_mail_account(port=1):
		storm_policies(storm)
		items = storm_items(storm, calls=0, incidents=4, agencies=[crewed_agency()])
		Worker(sweep_at(add_to_date(now_datetime(), seconds=90))).join()
		logs = {log.name for log in firings(items)}
		assert len(logs) == 4
		assert not frappe.db.exists(
			"Email Queue", {"reference_doctype": LOG, "reference_name": ("in", list(logs))}
		)
		jobs = [
			job
			for job in get_queue("short").jobs
			if job.kwargs.get("site") == TEST_SITE and job.kwargs.get("method") == MAIL_JOB
		]
		assert {log for job in jobs for log in job.kwargs["kwargs"]["logs"]} >= logs
		bench_cmd("worker", "--queue", "short", "--burst", site=None)  # a real worker, as bench start runs
		frappe.db.rollback()
		queued = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": LOG, "reference_name": ("in", list(logs))},
			fields=["name", "reference_name"],
		)
		assert {q.reference_name for q in queued} == logs and len(queued) == len(logs)
		to = frappe.get_all("Email Queue Recipient", filters={"parent": queued[0].name}, pluck="recipient")
		assert "piket@storm.test" in to


def snapshot(items: list[str], events, since) -> dict:
	"""What the firings of ``items`` left, with the items' and logs' names replaced by their order."""
	alias = {name: f"item{i}" for i, name in enumerate(items)}
	incidents = frappe.get_all("Dispatch", filters={"name": ("in", items)}, pluck="incident")
	alias.update({name: f"incident{i}" for i, name in enumerate(dict.fromkeys(incidents))})
	logs = frappe.get_all(
		LOG,
		filters={"reference_name": ("in", items)},
		# Every column a firing writes but the policy (each run has its own).
		fields=["name", *(field for field in LOG_FIELDS if field != "policy")],
	)
	for log in logs:
		alias[log.name] = f"log:{alias[log.reference_name]}"
	pattern = re.compile("|".join(re.escape(n) for n in sorted(alias, key=len, reverse=True)))

	def same(value):
		if isinstance(value, str):
			return pattern.sub(lambda m: alias[m.group(0)], value)
		if isinstance(value, dict):
			return {k: same(v) for k, v in value.items() if k not in ("creation", "modified")}
		if isinstance(value, list | tuple):
			return sorted((same(v) for v in value), key=repr)
		return value

	names = [log.name for log in logs]
	return {
		"logs": same([dict(log) for log in logs]),
		"recipients": same(
			frappe.get_all(
				"Escalation Log Recipient",
				filters={"parent": ("in", names)},
				fields=["parent", "idx", "recipient", "user", "agency", "phone", "email", "channels"],
			)
		),
		"notifications": same(
			frappe.get_all(
				"Notification Log",
				filters={"creation": (">=", since), "document_name": ("in", names + items)},
				fields=["for_user", "type", "document_type", "document_name", "subject", "read"],
			)
		),
		"priorities": same(
			frappe.get_all("Incident", filters={"name": ("in", incidents)}, fields=["name", "priority"])
		),
		"dispatch_priorities": same(
			frappe.get_all("Dispatch", filters={"name": ("in", items)}, fields=["name", "priority"])
		),
		"alerts": {
			room: ours
			for room, messages in realtime_by_room(events, "ambon112_escalation").items()
			if (ours := same([a for m in messages for a in m["alerts"] if a["reference_name"] in alias]))
		},
		# Only the rooms these items alerted: a site that ran other tests may hold older open items.
		"messages_per_room": sorted(
			len(ours)
			for messages in realtime_by_room(events, "ambon112_escalation").values()
			if (ours := [m for m in messages if any(a["reference_name"] in alias for a in m["alerts"])])
		),
	}


def test_the_batched_writes_equal_firing_by_firing_through_documents(storm):
	storm_policies(storm)
	agency = crewed_agency()
	base = now_datetime()
	now = add_to_date(base, seconds=90)
	results = []
	for batched in (False, True):  # two identical sets of items, made at the same moment
		items = storm_items(storm, calls=3, incidents=2, agencies=[agency, agency], at=base)
		since = now_datetime()
		with redis_events() as events:
			Worker(sweep_at(now, batched=batched)).join()
		frappe.db.rollback()
		results.append(snapshot(items, events, since))
	reference, result = results
	assert len(reference["logs"]) == 7 and reference["recipients"] and reference["alerts"]
	assert reference["messages_per_room"] and set(reference["messages_per_room"]) == {1}
	assert result == reference
