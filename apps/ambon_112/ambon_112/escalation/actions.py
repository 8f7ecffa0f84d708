"""One firing of an escalation level: its log, the notifications, the priority raise.

``plan`` works out a firing (who, which channels, the log's fields) from what the sweep read.
``fire`` writes one planned firing through Frappe documents; ``batch.fire_batch`` writes many
at once and is what the sweep uses (``fire`` stays as its fallback and its reference).

The log is written first and claims the firing: its unique key (document, policy, level,
repeat) makes the database refuse a second sweep's copy, and then nothing else of that copy
happens. Everything a firing writes shares one savepoint, so it happens whole or not at all;
what it tells people goes into the sweep's outbox and leaves only when the transaction commits.
"""

from dataclasses import dataclass, field
from functools import lru_cache

import frappe
from frappe import _
from frappe.utils import format_duration

from ambon_112.core.escalation import CALL, DISPATCH, INCIDENT, PRIORITIES, Due, raised_priority
from ambon_112.core.incident_states import DISPATCH_ACTIVE
from ambon_112.escalation.outbox import Outbox
from ambon_112.escalation.recipients import Directory, Recipient, recipients_of

LOG = "Escalation Log"
DESK, ALERT, EMAIL, PHONE = "Desk", "Realtime", "E-mail", "Phone"


class AlreadyFired(Exception):
	"""Another sweep wrote this firing first."""


@dataclass
class Planned:
	"""A firing worked out and not yet written."""

	doctype: str
	item: dict
	policy: str
	due: Due
	now: object
	people: list[Recipient]
	raise_to: str | None
	mail: bool
	log: dict = field(default_factory=dict)  # the Escalation Log's fields
	subjects: dict = field(default_factory=dict)  # by language: a storm asks thousands of times

	@property
	def key(self) -> tuple:
		return (self.doctype, self.item["name"], self.policy, self.due.level.number, self.due.repeat)

	def subject(self, lang: str) -> str:
		if lang not in self.subjects:
			self.subjects[lang] = subject(self.doctype, self.item, self.due, self.now, lang)
		return self.subjects[lang]


def plan(doctype: str, item: dict, policy: str, due: Due, now, directory: Directory) -> Planned:
	people = recipients_of(due.level, tuple(item.get("agencies") or ()), directory)
	mail = directory.mail_enabled()
	for person in people:
		person.channels = channels_of(person, mail)
	raise_to = None
	if due.level.raise_priority and due.repeat == 0 and doctype != CALL:
		raise_to = raised_priority(item.get("priority"))
		if raise_to == item.get("priority"):
			raise_to = None  # already P1
	planned = Planned(doctype, item, policy, due, now, people, raise_to, mail)
	planned.log = {
		"reference_doctype": doctype,
		"reference_name": item["name"],
		"incident": item["name"] if doctype == INCIDENT else item.get("incident"),
		"agency": item.get("agency") if doctype == DISPATCH else None,
		"policy": policy,
		"level": due.level.number,
		"repeat_no": due.repeat,
		"trigger_condition": due.level.trigger,
		"fired_at": now,
		"condition_since": due.since,
		"status": "Open",
		"subject": planned.subject(directory.language),
		"priority_before": item.get("priority") if raise_to else None,
		"priority_after": raise_to,
	}
	return planned


def recipient_rows(planned: Planned) -> list[dict]:
	return [
		{
			"recipient": (p.label or "")[:140],
			"user": p.user,
			"agency": p.agency,
			"phone": p.phone,
			"email": p.email,
			"channels": channel_labels(tuple(p.channels), frappe.local.lang),
		}
		for p in planned.people
	]


@lru_cache(maxsize=64)
def channel_labels(channels: tuple[str, ...], lang: str) -> str:
	return ", ".join(_(c, lang=lang) for c in channels)


def notification_rows(planned: Planned, log: str) -> list[dict]:
	"""A desk notification (the bell) for each user; agency users are pointed at their dispatch."""
	rows = []
	for person in planned.people:
		if not person.user:
			continue
		target = (LOG, log) if person.desk else (planned.doctype, planned.item["name"])
		rows.append(
			{
				"for_user": person.user,
				"type": "Alert",
				"document_type": target[0],
				"document_name": target[1],
				"subject": planned.subject(person.language),
			}
		)
	return rows


def fire(planned: Planned, outbox: Outbox) -> str:
	"""Write one firing through documents and return its log's name; raises AlreadyFired."""
	log = frappe.get_doc({"doctype": LOG, **planned.log, "recipients": recipient_rows(planned)})
	claim(log)
	for row in notification_rows(planned, log.name):
		notification = frappe.get_doc({"doctype": "Notification Log", **row})
		notification.flags.notify_update = False  # the bell listens to its own "notification" event
		notification.insert(ignore_permissions=True)
	finish(planned, log.name, outbox)
	return log.name


def claim(log):
	# Frappe queues two realtime events per insert: the outbox sends one list_update per sweep.
	log.flags.notify_update = False
	try:
		log.insert(ignore_permissions=True)
	except frappe.UniqueValidationError:
		# Frappe queued a "must be unique" message for a user; there is no user here.
		frappe.clear_last_message()
		raise AlreadyFired(log.reference_name)


def finish(planned: Planned, log: str, outbox: Outbox):
	"""After the log is claimed: the priority raise, then the alerts and e-mail for the outbox."""
	if planned.raise_to and not raise_incident_priority(planned.log["incident"], planned.raise_to, log):
		frappe.db.set_value(
			LOG, log, {"priority_before": None, "priority_after": None}, update_modified=False
		)
	for person in planned.people:
		if person.user:
			outbox.alert(person.user, alert(planned, log, person))
	if planned.mail and any(p.email for p in planned.people):
		outbox.email(log)
	outbox.logged(log)


def alert(planned: Planned, log: str, person: Recipient) -> dict:
	return {
		"log": log,
		"reference_doctype": planned.doctype,
		"reference_name": planned.item["name"],
		"level": planned.due.level.number,
		"repeat": planned.due.repeat,
		"subject": planned.subject(person.language),
		"can_acknowledge": person.can_acknowledge,
	}


def channels_of(person: Recipient, mail: bool) -> list[str]:
	channels = [DESK, ALERT] if person.user else []
	if mail and person.email:
		channels.append(EMAIL)
	if person.phone:
		channels.append(PHONE)
	return channels


def subject(doctype: str, item: dict, due: Due, now, lang: str) -> str:
	what = f"{_(doctype, lang=lang)} {item['name']}"
	if item.get("title"):
		what += f" ({item['title']})"
	elapsed = format_duration(max(0, int((now - due.since).total_seconds())))
	text = _("Escalation level {0}: {1} for {2}, {3}", lang=lang).format(
		due.level.number, _(due.level.trigger, lang=lang), elapsed, what
	)
	if due.repeat:
		text += " " + _("(reminder {0})", lang=lang).format(due.repeat)
	return text[:140]


def raise_incident_priority(incident: str, to: str, log: str) -> bool:
	"""Raise the incident to ``to``; its open dispatches carry the new priority to the agencies.

	False when nothing was raised: the incident is already that urgent, or it refused the save.
	An incident that refuses the save (say, data a later rule rejects) must not silence the
	notifications of this firing: the raise is undone alone and the error logged.
	"""
	before = frappe.db.get_value("Incident", incident, "priority")
	if before in PRIORITIES and PRIORITIES.index(before) <= PRIORITIES.index(to):
		return False  # raised already (by another of its dispatches in this sweep, or by hand)
	frappe.db.savepoint("escalation_raise")
	try:
		doc = frappe.get_doc("Incident", incident)
		doc.priority = to
		doc.flags.ignore_permissions = True
		doc.save()
		doc.add_comment(
			"Info", _("Priority raised from {0} to {1} by escalation {2}.").format(before, to, log)
		)
		dispatch = frappe.qb.DocType("Dispatch")
		(
			frappe.qb.update(dispatch)
			.set(dispatch.priority, to)
			.where((dispatch.incident == incident) & dispatch.status.isin(DISPATCH_ACTIVE))
		).run()
	except Exception:
		frappe.db.rollback(save_point="escalation_raise")
		frappe.clear_last_message()
		frappe.log_error(f"Escalation {log}: could not raise the priority of {incident}")
		return False
	frappe.db.release_savepoint("escalation_raise")
	return True
