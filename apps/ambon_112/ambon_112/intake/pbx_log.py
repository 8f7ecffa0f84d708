"""The PBX event log: every call event received, as Frappe's Integration Request on its call.

An operator who doubts a call's times sees what the PBX actually sent, event by event, from the
call's Connections. The events carry the caller's number (personal data, UU 27/2022): the roles
that may read it on the call read the log, and only the PBX's part of Integration Request, which
also holds other integrations' requests. One condition serves lists and single documents.
"""

import frappe
from frappe.permissions import add_permission

from ambon_112.roles import ADMINISTRATOR, OPERATOR, SUPERVISOR

DOCTYPE = "Integration Request"
SERVICE = "Ambon 112 PBX"
READERS = (OPERATOR, SUPERVISOR, ADMINISTRATOR)


def record(payload: dict, event, result: dict):
	"""Log one event as received, with what it did, on its call; written with the call, or not at all."""
	log = frappe.get_doc(
		{
			"doctype": DOCTYPE,
			"integration_request_service": SERVICE,
			"is_remote_request": 1,
			"request_description": event.kind,
			"request_id": event.call_id,
			"status": "Completed",
			"data": frappe.as_json(payload, indent=1),
			"output": frappe.as_json(result, indent=1),
			"reference_doctype": "Emergency Call",
			"reference_docname": result["call"],
		}
	)
	# The call was written in this transaction: checking the link again would cost a query and a
	# Redis read-and-write of Frappe's link counts (which grow with every call) on every PBX event.
	log.flags.ignore_links = True
	log.insert(ignore_permissions=True)


def grant_read_access():
	"""Read on Integration Request for the centre's roles that read caller numbers (the rows they
	see are limited below). Like the roles, part of the security model: restored on every migrate."""
	for role in READERS:
		if not frappe.db.exists("Custom DocPerm", {"parent": DOCTYPE, "role": role, "permlevel": 0}):
			add_permission(DOCTYPE, role, 0, "read")


def query_conditions(user=None) -> str:
	if _sees_every_request(user):
		return ""
	return f"`tab{DOCTYPE}`.`integration_request_service` = {frappe.db.escape(SERVICE)}"


def has_permission(doc, ptype=None, user=None) -> bool | None:
	if _sees_every_request(user):
		return None
	return doc.integration_request_service == SERVICE


def _sees_every_request(user=None) -> bool:
	return "System Manager" in frappe.get_roles(user)
