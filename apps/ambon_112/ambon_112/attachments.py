"""Files attached to the 112 centre's records: only by someone who may change that record.

Frappe 15's ``upload_file`` asks ``doc.has_permission("write")`` of the target document but
ignores the answer, and a File only needs File-create permission: without this check an agency
user could attach files to another agency's dispatch.
"""

import frappe
from frappe import _

from ambon_112.permissions import SCOPES


def check_attach_permission(doc, method=None):
	"""File.before_insert: refuse attaching to a scoped record the user may not write."""
	if doc.flags.ignore_permissions or frappe.session.user == "Administrator":
		return
	if doc.attached_to_doctype not in SCOPES or not doc.attached_to_name:
		return
	if not frappe.db.exists(doc.attached_to_doctype, doc.attached_to_name):
		return  # an unsaved form's attachment: Frappe links it once the record exists
	if not frappe.has_permission(doc.attached_to_doctype, "write", doc=doc.attached_to_name):
		frappe.throw(
			_("You may not attach files to {0} {1}.").format(
				_(doc.attached_to_doctype), doc.attached_to_name
			),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
