import frappe
from frappe import _

from ambon_112.exceptions import RecordNeverDeletedError


def refuse_deletion(doc):
	"""on_trash of the records that are evidence of what the 112 centre did."""
	frappe.throw(
		_(
			"{0} {1} cannot be deleted: records of the 112 centre are kept. Classify or cancel it instead."
		).format(_(doc.doctype), doc.name),
		RecordNeverDeletedError,
		title=_("Not Allowed"),
	)
