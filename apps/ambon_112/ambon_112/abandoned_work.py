"""Work a killed worker left half done: taken up again within minutes, and done once.

A worker killed mid-job (SIGKILL, out of memory, a host restart) runs no cleanup, and with Frappe 15
and RQ 1.15 two things then stay stuck:

- The job stays "started" until a worker's maintenance notices that its heartbeat stopped (RQ does
  that at worker start and then every 10 minutes, for jobs silent for 90 s). Until then Frappe's
  scheduler does not enqueue that scheduled job again (ScheduledJobType.enqueue skips a job id that
  is queued or started): after a crash during the escalation sweep, no sweep would run for up to
  11 minutes.
- An e-mail the killed job was sending stays "Sending"; Frappe's flush sends only "Not Sent" and
  "Partially Sent" e-mails, so it would never go.

- A job that is not scheduled (the escalation sweep's e-mail job) is marked failed and never runs
  again: its e-mails would never be queued.

Every minute (hooks: scheduler_events cron) ``recover`` runs RQ's own cleanup of its started-job
registries (only jobs whose heartbeat stopped): a scheduled job is marked failed, so the scheduler
enqueues it again; the app's own jobs get one retry first, so RQ enqueues them again as they were.
It also puts back every e-mail still "Sending" after any job that could be sending it has been ended
by its timeout. A killed job's transaction was rolled back, and the jobs are idempotent, keyed on what
they create: an escalation fires once per item and level (the Escalation Log's unique firing key),
an e-mail goes once per recipient (EmailQueue.send skips recipients marked sent).
"""

import frappe
from frappe.utils import add_to_date, now_datetime
from frappe.utils.background_jobs import get_queues, get_queues_timeout, get_redis_conn
from rq.registry import StartedJobRegistry

# RQ 1.15 renews a running job's heartbeat every 30 s for 90 s: silence beyond that is a dead worker.
HEARTBEAT_SECONDS = 90
# Frappe's e-mail flush runs on the default queue ("all" scheduler event).
FLUSH_QUEUE = "default"
# The app's jobs that nothing else would enqueue again (each commits once, at its end).
RETRIED_WHEN_ABANDONED = ("ambon_112.escalation.mail.send_escalation_emails",)


def recover():
	release_abandoned_jobs()
	resend_abandoned_emails()


def release_abandoned_jobs() -> int:
	released = 0
	for queue in get_queues(get_redis_conn()):
		registry = StartedJobRegistry(queue=queue)
		for job_id in registry.get_expired_job_ids():
			job = queue.fetch_job(job_id)
			if job and _method_of(job) in RETRIED_WHEN_ABANDONED and not job.retries_left:
				job.retries_left = 1  # RQ's cleanup enqueues a job that has retries left again
				job.save()
			released += 1
		registry.cleanup()
	return released


def _method_of(job) -> str:
	"""The function a Frappe job runs (frappe.enqueue wraps it in execute_job's keyword arguments)."""
	method = (job.kwargs or {}).get("method")
	if method is None or isinstance(method, str):
		return method or ""
	return f"{method.__module__}.{method.__qualname__}"


def resend_abandoned_emails() -> list[str]:
	"""E-mails "Sending" for longer than the flush job may live: its worker is gone, send them again."""
	before = add_to_date(now_datetime(), seconds=-email_abandoned_after())
	names = frappe.get_all(
		"Email Queue", filters={"status": "Sending", "modified": ("<", before)}, pluck="name"
	)
	for name in names:
		sent_to_some = frappe.db.exists("Email Queue Recipient", {"parent": name, "status": "Sent"})
		frappe.db.set_value("Email Queue", name, "status", "Partially Sent" if sent_to_some else "Not Sent")
	if names:
		frappe.logger("ambon112.abandoned_work").warning({"emails_sent_again": names})
	return names


def email_abandoned_after() -> int:
	"""Seconds after which a "Sending" e-mail is abandoned: the flush's job timeout (RQ ends the job
	then, and Frappe marks the e-mail failed unless the worker died) plus the heartbeat's 90 s."""
	configured = frappe.conf.get("ambon112_email_abandoned_after_seconds")
	if configured is not None:
		return int(configured)
	return int(get_queues_timeout()[FLUSH_QUEUE]) + HEARTBEAT_SECONDS
