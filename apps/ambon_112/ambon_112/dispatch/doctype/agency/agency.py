# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from ambon_112.location import check_coordinates
from ambon_112.permissions import clear_agency_membership_cache


class Agency(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ambon_112.dispatch.doctype.agency_contact.agency_contact import AgencyContact
		from ambon_112.dispatch.doctype.agency_jurisdiction.agency_jurisdiction import AgencyJurisdiction
		from ambon_112.dispatch.doctype.agency_member.agency_member import AgencyMember

		abbreviation: DF.Data
		address: DF.SmallText | None
		agency_name: DF.Data
		agency_type: DF.Link
		base_latitude: DF.Float
		base_longitude: DF.Float
		contacts: DF.Table[AgencyContact]
		email: DF.Data | None
		is_active: DF.Check
		jurisdiction: DF.TableMultiSelect[AgencyJurisdiction]
		members: DF.Table[AgencyMember]
		notes: DF.SmallText | None

	# end: auto-generated types
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
