# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from ambon_112.exceptions import OperatorPositionError
from ambon_112.intake.on_duty import clear_roster


class OperatorPosition(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		console_status: DF.Literal["Off", "Live", "Lost", "Unmanned"]
		extension: DF.Data | None
		last_heartbeat: DF.Datetime | None
		on_duty: DF.Check
		on_duty_since: DF.Datetime | None
		operator: DF.Link | None
		position_name: DF.Data
		unattended_since: DF.Datetime | None

	# end: auto-generated types
	def validate(self):
		self.require_operator_on_duty()
		self.refuse_second_position()
		self.stamp_duty()

	def require_operator_on_duty(self):
		if self.on_duty and not self.operator:
			frappe.throw(
				_("Name the operator on duty at {0}.").format(self.position_name),
				OperatorPositionError,
				title=_("Operator Missing"),
			)

	def refuse_second_position(self):
		"""Calls pop up where the operator sits: one position at a time."""
		if not self.on_duty:
			return
		other = frappe.db.get_value(
			"Operator Position",
			{"operator": self.operator, "on_duty": 1, "name": ("!=", self.name)},
			"name",
		)
		if other:
			frappe.throw(
				_("{0} is already on duty at {1}: end that duty first.").format(self.operator, other),
				OperatorPositionError,
				title=_("Already On Duty"),
			)

	def stamp_duty(self):
		if not self.on_duty:
			self.on_duty_since = None
		elif self.has_value_changed("on_duty") or self.has_value_changed("operator"):
			self.on_duty_since = now_datetime()

	def on_update(self):
		clear_roster()

	def on_trash(self):
		clear_roster()
