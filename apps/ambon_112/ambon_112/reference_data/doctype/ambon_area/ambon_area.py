# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet

from ambon_112.location import check_coordinates, clear_area_cache


class AmbonArea(NestedSet):
	nsm_parent_field = "parent_ambon_area"

	def validate(self):
		self.validate_centroid()
		self.validate_boundary()

	def validate_centroid(self):
		if self.centroid_lat or self.centroid_lng:
			check_coordinates(self.centroid_lat, self.centroid_lng)

	def validate_boundary(self):
		if not self.boundary:
			return
		geometry = frappe.parse_json(self.boundary)
		if not isinstance(geometry, dict) or not geometry.get("type"):
			frappe.throw(_("The boundary of {0} is not valid GeoJSON.").format(self.area_name))

	def on_update(self):
		super().on_update()
		clear_area_cache()

	def on_trash(self):
		super().on_trash()
		clear_area_cache()
