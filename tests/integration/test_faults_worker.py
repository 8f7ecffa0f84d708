"""A worker killed mid-job (SIGKILL to `bench worker` and its work-horse): the job's effect happens
exactly once after the restart. Three jobs are caught in the middle: Frappe's e-mail flush (waiting
for an SMTP server that never answers), the escalation sweep (waiting for a lock the test holds on
the Escalation Log, after it read what is due) and the sweep's e-mail job (waiting for a lock on
the Email Queue). The scheduler's ticks are driven by the test as `bench schedule` drives them
(ScheduledJobType.enqueue), so the real "already queued" check applies.
"""

import time

import frappe
import pymysql
import pytest
from frappe.installer import update_site_config
from frappe.utils.background_jobs import get_job, get_job_status, get_queue

from ambon_112.abandoned_work import HEARTBEAT_SECONDS
from ambon_112.roles import SUPERVISOR
from ambon_112.tests.utils import (
	escalation_level,
	make_escalation_policy,
	make_user,
	outgoing_mail_account,
	unique,
)
from tests.bench import REPO
from tests.faults import Worker, bench_worker, connect_as_site, smtp_server, wait_for
from tests.integration.test_escalation_concurrency import committed, ringing_calls

SWEEP = "ambon_112.escalation.sweep.run"
FLUSH = "frappe.email.queue.flush"
RECOVER = "ambon_112.abandoned_work.recover"
LOG = REPO / "test-artifacts" / "faults-worker" / "worker.log"

pytestmark = pytest.mark.http


def tick(method: str) -> bool:
	"""One scheduler tick for one scheduled job, as `bench schedule` does it: False when RQ still
	holds a job of that id as queued or started."""
	frappe.db.rollback()
	job_type = frappe.get_doc("Scheduled Job Type", {"method": method})
	return job_type.enqueue(force=True)


def job_status(method: str):
	return get_job_status(f"scheduled_job::{method}")


def forget_earlier_jobs():
	"""Jobs the earlier tests of a run queued with no worker running (their e-mails, notifications:
	hundreds in a full run) would go first and keep the flush waiting behind them past the test's
	wait; and a job an interrupted run of this test left "started" would block the ticks."""
	for queue in ("default", "short"):
		get_queue(queue).empty()
	for method in (SWEEP, FLUSH, RECOVER):
		if job := get_job(f"scheduled_job::{method}"):
			job.delete()


def fresh(query, *args):
	frappe.db.rollback()  # a fresh snapshot: what the worker committed
	return frappe.db.sql(query, args)


class Blocker:
	"""A transaction of its own that holds every row and gap of a table: an insert into it waits."""

	def __init__(self, doctype: str = "Escalation Log"):
		self.conn = connect_as_site()
		self.cursor = self.conn.cursor()
		self.cursor.execute(f"select name from `tab{doctype}` for update")

	def release(self):
		self.conn.rollback()
		self.conn.close()


def waiting_to_insert(doctype: str = "Escalation Log") -> bool:
	"""The worker's job is inside its transaction, waiting for the blocker's lock."""
	return bool(
		fresh(
			"select id from information_schema.processlist where info like %s and id != connection_id()",
			f"%insert%into `tab{doctype}`%",
		)
	)


def escalation_emails(calls) -> list:
	return [
		row[0]
		for row in fresh(
			"""select q.name from `tabEmail Queue` q join `tabEscalation Log` l
				on q.reference_doctype = 'Escalation Log' and q.reference_name = l.name
			where l.reference_name in %s""",
			calls,
		)
	]


@pytest.fixture
def mailer(site):
	"""An outgoing e-mail account at a local SMTP server that starts silent; afterwards it is off."""
	with smtp_server(silent=True) as server, outgoing_mail_account(server.port):
		update_site_config("ambon112_email_abandoned_after_seconds", 0)
		yield server
		update_site_config("ambon112_email_abandoned_after_seconds", "None")


def test_a_worker_started_under_a_ci_runner_sends_mail_as_in_production(site, monkeypatch):
	"""CI runners export CI=1, and Frappe's jobs read it as "under test": the flush would mark the
	mail sent without opening the SMTP connection, so every e-mail fault test would test nothing."""
	monkeypatch.setenv("CI", "1")
	LOG.parent.mkdir(parents=True, exist_ok=True)
	with smtp_server() as server, outgoing_mail_account(server.port):
		subject = unique("Mail under CI")
		frappe.sendmail(recipients=["damkar@ambon112.test"], subject=subject, message="<p>Uji</p>")
		frappe.db.commit()
		forget_earlier_jobs()
		with bench_worker(queue="default,short", log_path=LOG.with_name("ci-worker.log")):
			assert tick(FLUSH)
			wait_for(lambda: job_status(FLUSH) == "finished", 120, "the flush")
		assert sum(subject in text for text in server.texts()) == 1, "the SMTP server got the mail"


def test_jobs_killed_mid_way_take_effect_exactly_once_after_the_restart(committed, mailer):  # noqa: F811
	LOG.parent.mkdir(parents=True, exist_ok=True)
	supervisor = committed["supervisor"]
	policy = make_escalation_policy(
		"Emergency Call", [escalation_level(1, "Call Unanswered", 15, users=[supervisor])]
	).name
	committed["policies"].append(policy)
	calls = ringing_calls(committed, count=3)
	subject = unique("Dispatch mail")
	frappe.sendmail(
		recipients=["damkar@ambon112.test"], subject=subject, message="<p>Unit dikirim</p>", send_priority=100
	)
	frappe.db.commit()
	mail = frappe.db.get_value("Email Queue", {"message": ("like", f"%{subject}%")}, "name")
	forget_earlier_jobs()
	worker = Worker(queue="default,short", log_path=LOG)  # the sweep's e-mail job runs on short
	try:
		# 1. The e-mail flush, caught while the SMTP server keeps it waiting.
		worker.start()
		assert tick(FLUSH)
		wait_for(lambda: mailer.connections and email_status(mail) == "Sending", 120, "the flush to wait")
		worker.kill()
		assert email_status(mail) == "Sending"
		mailer.silent = False  # the provider is back

		# 2. The sweep, caught after it read what is due, before anything is committed.
		blocker = Blocker()
		worker.start()
		assert tick(SWEEP)
		wait_for(waiting_to_insert, 120, "the sweep to wait for its insert")
		worker.kill()
		blocker.release()
		time.sleep(3)  # a work-horse that survived would commit now
		assert logs_of(calls) == 0, "a killed sweep leaves nothing half-done"
		assert job_status(SWEEP) == "started", "RQ still takes the killed sweep for a running one"

		# 3. The worker is restarted at once. Without the recovery job the killed sweep would block
		# the scheduler until the worker's own clean-up, 10 minutes later.
		worker.start()
		assert not tick(SWEEP), "the scheduler does not queue a job RQ holds as started"
		time.sleep(HEARTBEAT_SECONDS + 5)  # the killed jobs' heartbeats expire
		assert tick(RECOVER)
		wait_for(lambda: job_status(RECOVER) == "finished", 120, "the recovery job")
		assert email_status(mail) == "Not Sent", "the abandoned e-mail is queued again"

		# 4. The next sweep fires, commits and leaves the e-mail of its firings to a job of its own,
		# caught while it waits to queue them. Nothing else enqueues that job again: RQ retries it.
		blocker = Blocker("Email Queue")
		assert tick(SWEEP)
		wait_for(lambda: waiting_to_insert("Email Queue"), 120, "the sweep's e-mail job to wait")
		worker.kill()
		blocker.release()
		time.sleep(3)
		assert logs_of(calls) == len(calls) and not escalation_emails(calls)
		worker.start()
		time.sleep(HEARTBEAT_SECONDS + 5)
		assert tick(RECOVER)
		wait_for(lambda: len(escalation_emails(calls)) == len(calls), 120, "the retried e-mail job")

		# 5. The next ticks run the jobs again: each effect exactly once.
		for _ in range(2):
			assert tick(SWEEP)
			wait_for(lambda: job_status(SWEEP) == "finished", 120, "the sweep")
			assert tick(FLUSH)
			wait_for(lambda: job_status(FLUSH) == "finished", 120, "the flush")
	finally:
		worker.stop()
	assert logs_of(calls) == len(calls), "one firing per call"
	assert len(escalation_emails(calls)) == len(calls), "one e-mail per firing"
	for call in calls:
		assert sum(call in text for text in mailer.texts()) == 1, call
	notified = fresh(
		"""select count(*) from `tabNotification Log` n join `tabEscalation Log` l
			on n.document_type = 'Escalation Log' and n.document_name = l.name
		where n.for_user = %s and l.reference_name in %s""",
		supervisor,
		calls,
	)[0][0]
	assert notified == len(calls), "one desk notification per firing"
	assert email_status(mail) == "Sent"
	assert sum(subject in text for text in mailer.texts()) == 1, "the e-mail went once"


def logs_of(calls) -> int:
	return fresh(
		"select count(*) from `tabEscalation Log` where reference_doctype = 'Emergency Call' and reference_name in %s",
		calls,
	)[0][0]


def email_status(name: str) -> str:
	frappe.db.rollback()
	return frappe.db.get_value("Email Queue", name, "status")
