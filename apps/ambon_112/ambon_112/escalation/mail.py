"""The e-mail of escalations, queued by a background job after the sweep commits.

Frappe's ``sendmail`` writes an Email Queue document per message: a thousand of them inside the
sweep would cost seconds, and a mail problem must never cost the desk alerts. The job reads
what the committed logs say (subject, who was notified by e-mail) and queues one e-mail per log.
"""

import frappe
from frappe import _
from frappe.utils import escape_html, get_url_to_form

LOG = "Escalation Log"


def send_escalation_emails(logs: list[str]):
	recipients: dict[str, set[str]] = {}
	for row in frappe.get_all(
		"Escalation Log Recipient",
		filters={"parenttype": LOG, "parent": ("in", logs), "email": ("is", "set")},
		fields=["parent", "email"],
	):
		recipients.setdefault(row.parent, set()).add(row.email)
	subjects = dict(
		frappe.get_all(LOG, filters={"name": ("in", logs)}, fields=["name", "subject"], as_list=True)
	)
	for log in logs:
		if recipients.get(log) and log in subjects:
			queue_email(log, subjects[log], sorted(recipients[log]))


def queue_email(log: str, subject: str, emails: list[str]):
	"""One e-mail to every address the log notified; a failure is logged, the next log goes on."""
	frappe.db.savepoint("escalation_email")
	try:
		frappe.sendmail(
			recipients=emails,
			subject=subject,
			message=_("{0}<br><br>Open the escalation: {1}").format(
				escape_html(subject), get_url_to_form(LOG, log)
			),
			reference_doctype=LOG,
			reference_name=log,
		)
	except Exception:
		frappe.db.rollback(save_point="escalation_email")
		frappe.clear_last_message()
		frappe.log_error(f"Escalation {log}: could not queue the e-mail")
	else:
		frappe.db.release_savepoint("escalation_email")
