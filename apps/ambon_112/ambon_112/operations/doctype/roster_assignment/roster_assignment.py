# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from ambon_112.core.shifts import SUPERVISOR_ROLE
from ambon_112.operations.roster import ASSIGNMENT, RosterError, occurrence_of


class RosterAssignment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		employee: DF.Data | None
		ends_at: DF.Datetime | None
		full_name: DF.Data | None
		position: DF.Link | None
		role_in_shift: DF.Literal["Operator", "Supervisor"]
		shift_date: DF.Date
		shift_type: DF.Link
		starts_at: DF.Datetime | None
		title: DF.Data | None
		user: DF.Link

	# end: auto-generated types
	def validate(self):
		self.set_window()
		self.refuse_second_assignment_of_the_user()
		self.refuse_second_supervisor()
		self.refuse_second_operator_at_the_position()
		self.set_title()

	def set_window(self):
		occurrence = occurrence_of(self.shift_type, self.shift_date)
		self.starts_at, self.ends_at = occurrence.starts_at, occurrence.ends_at

	def _same_shift(self, **filters) -> str | None:
		return frappe.db.get_value(
			ASSIGNMENT,
			{
				"shift_type": self.shift_type,
				"shift_date": self.shift_date,
				"name": ("!=", self.name or ""),
				**filters,
			},
			"name",
		)

	def refuse_second_assignment_of_the_user(self):
		other = self._same_shift(user=self.user)
		if other:
			frappe.throw(
				_("{0} is already rostered on this shift ({1}).").format(self.user, other),
				RosterError,
				title=_("Already Rostered"),
			)

	def refuse_second_supervisor(self):
		"""One supervisor per shift: the one the handover and the escalations go to."""
		if self.role_in_shift != SUPERVISOR_ROLE:
			return
		other = self._same_shift(role_in_shift=SUPERVISOR_ROLE)
		if other:
			frappe.throw(
				_("This shift already has a supervisor ({0}).").format(
					frappe.db.get_value(ASSIGNMENT, other, "user")
				),
				RosterError,
				title=_("One Supervisor per Shift"),
			)

	def refuse_second_operator_at_the_position(self):
		if not self.position:
			return
		other = self._same_shift(position=self.position)
		if other:
			frappe.throw(
				_("Position {0} is already rostered on this shift ({1}).").format(self.position, other),
				RosterError,
				title=_("Position Taken"),
			)

	def set_title(self):
		name = frappe.db.get_value("User", self.user, "full_name") or self.user
		self.title = f"{name} · {self.shift_type}" + (f" · {self.position}" if self.position else "")
