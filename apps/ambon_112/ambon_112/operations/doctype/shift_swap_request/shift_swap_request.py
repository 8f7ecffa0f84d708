# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from ambon_112.operations import swaps
from ambon_112.workflows import sync_meaning


class ShiftSwapRequest(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		applied_at: DF.Datetime | None
		assignment: DF.Link
		exchange_assignment: DF.Link | None
		reason: DF.SmallText | None
		replacement: DF.Link
		requested_by: DF.Link | None
		status: DF.Literal["Draft", "Requested", "Approved", "Rejected"]
		workflow_state: DF.Link | None

	# end: auto-generated types
	def before_insert(self):
		self.requested_by = frappe.session.user

	def validate(self):
		sync_meaning(self)  # the status follows the workflow's state, whatever a client sent
		self.require_own_shift()
		self.refuse_swap_with_oneself()

	def require_own_shift(self):
		"""An operator asks for their own shift only (read from the roster, not from the form)."""
		owner = frappe.db.get_value("Roster Assignment", self.assignment, "user")
		if self.is_new() and owner != self.requested_by and not swaps.manages_roster(self.requested_by):
			frappe.throw(_("You can only ask to swap your own shift."), swaps.SwapError)

	def refuse_swap_with_oneself(self):
		owner = frappe.db.get_value("Roster Assignment", self.assignment, "user")
		if self.replacement == owner:
			frappe.throw(_("Choose a colleague, not the operator already on the shift."), swaps.SwapError)

	def on_update(self):
		if self.status == swaps.APPROVED and not self.applied_at:
			swaps.apply(self)
