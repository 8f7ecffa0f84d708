# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from ambon_112.location import check_coordinates
from ambon_112.permissions import clear_agency_membership_cache


class Agency(Document):
	def validate(self):
		self.validate_base_location()
		self.validate_members()

	def validate_base_location(self):
		if self.base_latitude or self.base_longitude:
			check_coordinates(self.base_latitude, self.base_longitude)

	def validate_members(self):
		seen = set()
		for member in self.members:
			if member.user in seen:
				frappe.throw(_("Row {0}: {1} is listed twice.").format(member.idx, member.user))
			seen.add(member.user)
			other = frappe.db.get_value(
				"Agency Member",
				{"user": member.user, "parent": ("!=", self.name), "parenttype": "Agency"},
				"parent",
			)
			if other:
				frappe.throw(
					_("Row {0}: {1} already belongs to agency {2}; a portal user serves one agency.").format(
						member.idx, member.user, other
					)
				)

	def on_update(self):
		clear_agency_membership_cache()
