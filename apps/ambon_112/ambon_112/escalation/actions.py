"""One firing of an escalation level: its log, the notifications, the priority raise.

The log is written first and claims the firing: its unique key (document, policy, level,
repeat) makes the database refuse a second sweep's copy, and then nothing else of that copy
happens. Everything a firing writes shares one savepoint, so it happens whole or not at all;
the realtime alerts leave only when the transaction commits.
"""

import frappe
from frappe import _
from frappe.utils import format_duration, get_url_to_form

from ambon_112.core.escalation import CALL, DISPATCH, INCIDENT, PRIORITIES, Due, raised_priority
from ambon_112.core.flows import DISPATCH_ACTIVE
from ambon_112.escalation.recipients import Directory, Recipient, recipients_of

REALTIME_EVENT = "ambon112_escalation"
DESK, ALERT, EMAIL, PHONE = "Desk", "Realtime", "E-mail", "Phone"


class AlreadyFired(Exception):
	"""Another sweep wrote this firing first."""


def fire(doctype: str, item: dict, policy: str, due: Due, now, directory: Directory) -> str:
	"""Write one firing and return its log's name; raises AlreadyFired when it exists."""
	people = recipients_of(due.level, tuple(item.get("agencies") or ()), directory)
	mail = directory.mail_enabled()
	for person in people:
		person.channels = channels_of(person, mail)
	raise_to = None
	if due.level.raise_priority and due.repeat == 0 and doctype != CALL:
		raise_to = raised_priority(item.get("priority"))
		if raise_to == item.get("priority"):
			raise_to = None  # already P1
	log = frappe.get_doc(
		{
			"doctype": "Escalation Log",
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
			"subject": subject(doctype, item, due, now, directory.language),
			"priority_before": item.get("priority") if raise_to else None,
			"priority_after": raise_to,
			"recipients": [
				{
					"recipient": p.label,
					"user": p.user,
					"agency": p.agency,
					"phone": p.phone,
					"email": p.email,
					"channels": ", ".join(_(c) for c in p.channels),
				}
				for p in people
			],
		}
	)
	claim(log)
	notify_desk(log, doctype, item, due, now, people)
	if mail:
		send_email(log, people)
	if raise_to and not raise_incident_priority(log.incident, raise_to, log):
		log.db_set({"priority_before": None, "priority_after": None}, update_modified=False)
	publish_alerts(log, doctype, item, due, now, people)
	return log.name


def claim(log):
	# Frappe queues two realtime events per insert and de-duplicates its queue by scanning it, so a
	# sweep firing a thousand escalations would spend seconds there: a new log needs only the
	# list_update that lets an open Escalation Log list show it.
	log.flags.notify_update = False
	try:
		log.insert(ignore_permissions=True)
	except frappe.UniqueValidationError:
		# Frappe queued a "must be unique" message for a user; there is no user here.
		frappe.clear_last_message()
		raise AlreadyFired(log.reference_name)
	frappe.publish_realtime(
		"list_update",
		{"doctype": "Escalation Log", "name": log.name, "user": frappe.session.user},
		after_commit=True,
	)


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


def notify_desk(log, doctype: str, item: dict, due: Due, now, people: list[Recipient]):
	"""A Notification Log (the desk's bell) for each user; agency users are pointed at their dispatch."""
	for person in people:
		if not person.user:
			continue
		target = ("Escalation Log", log.name) if person.desk else (doctype, item["name"])
		notification = frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": person.user,
				"type": "Alert",
				"document_type": target[0],
				"document_name": target[1],
				"subject": subject(doctype, item, due, now, person.language),
			}
		)
		notification.flags.notify_update = False  # the bell listens to its own "notification" event
		notification.insert(ignore_permissions=True)


def send_email(log, people: list[Recipient]):
	"""Queue one e-mail to every notified address; a mail problem must not cost the desk alerts."""
	emails = sorted({p.email for p in people if p.email})
	if not emails:
		return
	frappe.db.savepoint("escalation_email")
	try:
		queue_email(log, emails)
	except Exception:
		frappe.db.rollback(save_point="escalation_email")
		frappe.clear_last_message()
		frappe.log_error(f"Escalation {log.name}: could not queue the e-mail")
	else:
		frappe.db.release_savepoint("escalation_email")


def queue_email(log, emails: list[str]):
	frappe.sendmail(
		recipients=emails,
		subject=log.subject,
		message=_("{0}<br><br>Open the escalation: {1}").format(
			frappe.utils.escape_html(log.subject), get_url_to_form("Escalation Log", log.name)
		),
		reference_doctype="Escalation Log",
		reference_name=log.name,
	)


def raise_incident_priority(incident: str, to: str, log) -> bool:
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
			"Info", _("Priority raised from {0} to {1} by escalation {2}.").format(before, to, log.name)
		)
		frappe.db.sql(
			"update `tabDispatch` set priority = %(to)s where incident = %(incident)s and status in %(active)s",
			{"to": to, "incident": incident, "active": DISPATCH_ACTIVE},
		)
	except Exception:
		frappe.db.rollback(save_point="escalation_raise")
		frappe.clear_last_message()
		frappe.log_error(f"Escalation {log.name}: could not raise the priority of {incident}")
		return False
	frappe.db.release_savepoint("escalation_raise")
	return True


def publish_alerts(log, doctype: str, item: dict, due: Due, now, people: list[Recipient]):
	"""A realtime alert to each notified user's own room, never to the whole site."""
	for person in people:
		if not person.user:
			continue
		frappe.publish_realtime(
			REALTIME_EVENT,
			{
				"log": log.name,
				"reference_doctype": doctype,
				"reference_name": item["name"],
				"level": due.level.number,
				"repeat": due.repeat,
				"subject": subject(doctype, item, due, now, person.language),
				"can_acknowledge": person.can_acknowledge,
			},
			user=person.user,
			after_commit=True,
		)
