"""What a sweep tells people once it commits: one realtime message per room, whatever the count.

An earthquake minute fires a thousand escalations; a supervisor's desk must get one message
listing them, not a thousand (Frappe also de-duplicates its after-commit queue by scanning it,
which a thousand messages make slow). So the sweep collects here and sends at the end:

- one ``ambon112_escalation`` message per user room, with every alert for that user;
- one ``notification`` message per user room (the desk's bell, as a Notification Log insert
  would send) and their bell marked unseen in one update;
- one ``list_update`` to the Escalation Log's doctype room (only desk users who may read the
  logs join it), never to the whole site;
- the e-mail of every firing, queued as background jobs after the commit: a slow or dead mail
  server never holds the sweep.
"""

import frappe
from frappe.realtime import get_doctype_room

REALTIME_EVENT = "ambon112_escalation"
LOG = "Escalation Log"
MAIL_JOB = "ambon_112.escalation.mail.send_escalation_emails"
MAIL_BATCH = 200  # logs per e-mail job


class Outbox:
	def __init__(self):
		self.alerts: dict[str, list[dict]] = {}
		self.bell: set[str] = set()
		self.mail: list[str] = []
		self.newest_log: str | None = None

	def alert(self, user: str, alert: dict):
		self.alerts.setdefault(user, []).append(alert)

	def ring(self, users):
		self.bell.update(users)

	def email(self, log: str):
		self.mail.append(log)

	def logged(self, log: str):
		self.newest_log = max(self.newest_log or "", log)

	def merge(self, other: "Outbox"):
		for user, alerts in other.alerts.items():
			self.alerts.setdefault(user, []).extend(alerts)
		self.bell |= other.bell
		self.mail += other.mail
		if other.newest_log:
			self.logged(other.newest_log)

	def send(self):
		"""Queue everything for after the commit (nothing leaves if the sweep rolls back)."""
		for user in sorted(self.alerts):
			frappe.publish_realtime(
				REALTIME_EVENT, {"alerts": self.alerts[user]}, user=user, after_commit=True
			)
		if self.bell:
			users = sorted(self.bell)
			settings = frappe.qb.DocType("Notification Settings")
			frappe.qb.update(settings).set(settings.seen, 0).where(settings.name.isin(users)).run()
			for user in users:
				frappe.publish_realtime("notification", user=user, after_commit=True)
		if self.newest_log:
			frappe.publish_realtime(
				"list_update",
				{"doctype": LOG, "name": self.newest_log},
				room=get_doctype_room(LOG),
				after_commit=True,
			)
		for start in range(0, len(self.mail), MAIL_BATCH):
			frappe.enqueue(
				MAIL_JOB,
				queue="short",
				logs=self.mail[start : start + MAIL_BATCH],
				enqueue_after_commit=True,
				now=bool(frappe.flags.in_test),  # in-process tests never commit: queue the mail at once
			)
