"""Shift swaps: an operator asks (Workflow "Shift Swap"), a supervisor approves, the roster changes.

The workflow belongs to the admins (seeded once, operations/defaults.py); its states write the
meanings Draft / Requested / Approved / Rejected into the request's status, and only the meaning
Approved changes the roster (on_update), once."""

import frappe
from frappe import _
from frappe.utils import now_datetime

from ambon_112.roles import ADMINISTRATOR, OPERATOR, SUPERVISOR

DRAFT, REQUESTED, APPROVED, REJECTED = "Draft", "Requested", "Approved", "Rejected"
ASSIGNMENT = "Roster Assignment"


class SwapError(frappe.ValidationError):
	pass


def manages_roster(user: str) -> bool:
	return user == "Administrator" or bool({SUPERVISOR, ADMINISTRATOR} & set(frappe.get_roles(user)))


def apply(request):
	"""Give the requester's shift to the colleague (and the colleague's shift in exchange, if named).
	The roster's own checks (one supervisor, one shift per person) apply to the result."""
	mine = frappe.get_doc(ASSIGNMENT, request.assignment)
	requester = mine.user
	theirs = frappe.get_doc(ASSIGNMENT, request.exchange_assignment) if request.exchange_assignment else None
	if theirs and theirs.user != request.replacement:
		frappe.throw(_("The shift given in exchange is not the colleague's."), SwapError)
	mine.user = request.replacement
	mine.flags.ignore_permissions = True
	mine.save()
	if theirs:
		theirs.user = requester
		theirs.flags.ignore_permissions = True
		theirs.save()
	request.db_set("applied_at", now_datetime())


WORKFLOW = {
	"workflow_name": "Shift Swap",
	"document_type": "Shift Swap Request",
	"meaning_field": "status",
	"states": [
		{"state": "Draft", "meaning": DRAFT, "allow_edit": OPERATOR},
		{"state": "Requested", "meaning": REQUESTED, "allow_edit": SUPERVISOR, "style": "Warning"},
		{"state": "Approved", "meaning": APPROVED, "allow_edit": SUPERVISOR, "style": "Success"},
		{"state": "Rejected", "meaning": REJECTED, "allow_edit": SUPERVISOR, "style": "Danger"},
	],
	"transitions": [
		{"state": "Draft", "action": "Request", "next_state": "Requested", "allowed": OPERATOR},
		{"state": "Requested", "action": "Approve", "next_state": "Approved", "allowed": SUPERVISOR},
		{"state": "Requested", "action": "Reject", "next_state": "Rejected", "allowed": SUPERVISOR},
	],
}
