"""Comments on the centre's records: only by someone who may change that record, in their own name.

Frappe lets anyone who can read a document comment on it (``frappe.desk.form.utils.add_comment``
inserts with ignore_permissions after a read check; the website's
``frappe.templates.includes.comments.comments.add_comment`` checks nothing at all), and takes the
author's name and address from the request. The read-only 112 Viewer and an agency that merely
reads an incident could then write into a call's or an incident's record. Checked on the Comment
itself, so every way of making one is covered. Only a person's comment (type "Comment"): the
records Frappe writes itself (Info, Attachment, Like, Workflow, Assigned, …) are left alone.
"""

import frappe
from frappe import _
from frappe.utils import get_fullname

APP = "ambon_112"


def check_comment(doc, method=None):
	"""Comment.validate: refuse a comment on an app record the user may not write; sign it."""
	user = frappe.session.user
	if doc.comment_type != "Comment" or user == "Administrator" or not doc.reference_doctype:
		return
	if frappe.get_doctype_app(doc.reference_doctype) != APP:
		return
	if not frappe.has_permission(doc.reference_doctype, "write", doc=doc.reference_name, user=user):
		frappe.throw(
			_("You may not comment on {0} {1}.").format(_(doc.reference_doctype), doc.reference_name),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
	if doc.is_new():
		# The author is who is logged in, not a name the request chose.
		doc.comment_email = user
		doc.comment_by = get_fullname(user)
