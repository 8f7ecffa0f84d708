"""Acknowledging an escalation: someone has taken it on, so its reminders stop."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import IfNull
from frappe.utils import now_datetime

ACK_EVENT = "ambon112_escalation_acknowledged"


def acknowledge(log_name: str) -> dict:
	"""Acknowledge a log and every unacknowledged log of the same item and policy at its level or below.

	Idempotent: a second acknowledgement (a double click, two supervisors at once) changes
	nothing and reports who acknowledged first.
	"""
	if not frappe.db.exists("Escalation Log", log_name):
		frappe.throw(_("Escalation log {0} not found.").format(log_name), frappe.DoesNotExistError)
	log = frappe.get_doc("Escalation Log", log_name)
	log.check_permission("write")
	# The row lock orders two supervisors acknowledging at the same moment.
	first = frappe.db.get_value(
		"Escalation Log", log_name, ["acknowledged_by", "acknowledged_at"], as_dict=True, for_update=True
	)
	if first.acknowledged_by:
		return {
			"log": log_name,
			"acknowledged_by": first.acknowledged_by,
			"acknowledged_at": first.acknowledged_at,
			"already": True,
			"logs": [],
		}
	now, user = now_datetime(), frappe.session.user
	names = frappe.get_all(
		"Escalation Log",
		filters={
			"reference_doctype": log.reference_doctype,
			"reference_name": log.reference_name,
			"policy": log.policy,
			"level": ("<=", log.level),
			"acknowledged_by": ("is", "not set"),
		},
		pluck="name",
		order_by="name",
	)
	escalation_log = frappe.qb.DocType("Escalation Log")
	(
		frappe.qb.update(escalation_log)
		.set(escalation_log.acknowledged_by, user)
		.set(escalation_log.acknowledged_at, now)
		.set(escalation_log.modified, now)
		.set(escalation_log.modified_by, user)
		.set(
			escalation_log.status,
			Case().when(escalation_log.status == "Open", "Acknowledged").else_(escalation_log.status),
		)
		.where(escalation_log.name.isin(names) & (IfNull(escalation_log.acknowledged_by, "") == ""))
	).run()
	tell_the_others(names, user)
	return {"log": log_name, "acknowledged_by": user, "acknowledged_at": now, "already": False, "logs": names}


def tell_the_others(names: list[str], user: str):
	"""Whoever else was alerted sees the alert acknowledged (each in their own room)."""
	notified = frappe.get_all(
		"Escalation Log Recipient",
		filters={"parenttype": "Escalation Log", "parent": ("in", names), "user": ("is", "set")},
		pluck="user",
		distinct=True,
	)
	for other in sorted(set(notified)):
		frappe.publish_realtime(
			ACK_EVENT, {"logs": names, "acknowledged_by": user}, user=other, after_commit=True
		)
