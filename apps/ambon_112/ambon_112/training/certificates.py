"""Operators' certificates: a reminder before one expires, as a ToDo for the operator and supervisor.

The daily job looks ahead ``certificate_reminder_days`` (Training Settings, default 30) and reminds
once per certificate (``reminded_on``); renewing it (a later expiry date) arms the reminder again.
A ToDo (Frappe's own assignment list, with its desk notification) rather than an e-mail: it stays
on the person's list until done.
"""

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from ambon_112.training.settings import setting

CERTIFICATE = "Operator Certificate"


def remind() -> list[str]:
	"""Scheduler (daily): ToDos for the certificates expiring within the reminder window."""
	today = getdate(nowdate())
	horizon = add_days(today, int(setting("certificate_reminder_days")))
	reminded = []
	for cert in frappe.get_all(
		CERTIFICATE,
		filters={"expires_on": ("<=", horizon), "reminded_on": ("is", "not set")},
		fields=["name", "operator", "certificate", "expires_on", "supervisor"],
	):
		description = _("Certificate {0} of {1} expires on {2}: renew it.").format(
			cert.certificate, cert.operator, frappe.format(cert.expires_on, {"fieldtype": "Date"})
		)
		for user in dict.fromkeys(u for u in (cert.operator, cert.supervisor) if u):
			frappe.get_doc(
				{
					"doctype": "ToDo",
					"allocated_to": user,
					"reference_type": CERTIFICATE,
					"reference_name": cert.name,
					"description": description,
					"date": cert.expires_on,
					"priority": "High",
				}
			).insert(ignore_permissions=True)
		frappe.db.set_value(CERTIFICATE, cert.name, "reminded_on", today, update_modified=False)
		reminded.append(cert.name)
	return reminded


def rearm(doc, method=None):
	"""Operator Certificate validate: a renewed certificate (new expiry) is reminded again."""
	if not doc.is_new() and doc.has_value_changed("expires_on"):
		doc.reminded_on = None
