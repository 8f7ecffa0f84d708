# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from ambon_112.dispatch.notify import publish_board_change
from ambon_112.location import apply_location, check_coordinates


class EmergencyUnit(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ambon_112.dispatch.doctype.emergency_unit_capability.emergency_unit_capability import (
			EmergencyUnitCapability,
		)

		agency: DF.Link
		agency_type: DF.Link | None
		call_sign: DF.Data
		capabilities: DF.TableMultiSelect[EmergencyUnitCapability]
		crew_size: DF.Int
		current_dispatch: DF.Link | None
		current_incident: DF.Link | None
		home_base: DF.Data | None
		home_latitude: DF.Float
		home_longitude: DF.Float
		is_active: DF.Check
		kelurahan: DF.Link | None
		latitude: DF.Float
		longitude: DF.Float
		notes: DF.SmallText | None
		position_accuracy_m: DF.Float
		position_reported_at: DF.Datetime | None
		status: DF.Literal["Available", "Dispatched", "En Route", "On Scene", "Returning", "Out of Service"]
		status_since: DF.Datetime | None
		unit_type: DF.Link

	# end: auto-generated types
	def validate(self):
		self.set_default_capabilities()
		self.validate_position()
		self.stamp_status_change()

	def set_default_capabilities(self):
		if self.capabilities or not self.unit_type:
			return
		for row in frappe.get_all(
			"Emergency Unit Capability",
			filters={"parent": self.unit_type, "parenttype": "Emergency Unit Type"},
			pluck="capability",
		):
			self.append("capabilities", {"capability": row})

	def validate_position(self):
		if self.home_latitude or self.home_longitude:
			check_coordinates(self.home_latitude, self.home_longitude)
		apply_location(self, outside_field=None)
		if self.is_new() or self.has_value_changed("latitude") or self.has_value_changed("longitude"):
			self.position_reported_at = now_datetime()

	def stamp_status_change(self):
		if self.is_new() or self.has_value_changed("status"):
			self.status_since = now_datetime()

	def on_update(self):
		publish_board_change(self)
