# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.utils.nestedset import NestedSet

from ambon_112.location import check_coordinates, clear_area_cache


class AmbonArea(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		area_code: DF.Data
		area_km2: DF.Float
		area_name: DF.Data
		centroid_lat: DF.Float
		centroid_lng: DF.Float
		interior_point_lat: DF.Float
		interior_point_lng: DF.Float
		is_active: DF.Check
		is_group: DF.Check
		kemendagri_class: DF.Literal["Kota", "Kecamatan", "Kelurahan", "Desa"]
		level: DF.Literal["Kota", "Kecamatan", "Kelurahan", "Desa", "Negeri"]
		lft: DF.Int
		old_parent: DF.Link | None
		parent_ambon_area: DF.Link | None
		rgt: DF.Int
		source: DF.SmallText | None
	# end: auto-generated types
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
