# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.location import find_area
from ambon_112.tests.utils import BATU_MERAH, NATSEPA


class TestAmbonArea(FrappeTestCase):
	def test_tree_holds_five_kecamatan_and_fifty_villages_with_geometry(self):
		self.assertEqual(frappe.db.count("Ambon Area", {"level": "Kecamatan"}), 5)
		villages = frappe.get_all(
			"Ambon Area", filters={"is_group": 0}, fields=["level", "boundary", "lft", "rgt"]
		)
		self.assertEqual(len(villages), 50)
		self.assertEqual(sorted({v.level for v in villages}), ["Desa", "Kelurahan", "Negeri"])
		self.assertTrue(all(v.boundary and v.rgt == v.lft + 1 for v in villages))
		city = frappe.get_doc("Ambon Area", "81.71")
		self.assertEqual(
			len(frappe.get_all("Ambon Area", {"lft": (">", city.lft), "rgt": ("<", city.rgt)})), 55
		)

	def test_lookup_on_real_coordinates(self):
		self.assertEqual(find_area(*BATU_MERAH).code, "81.71.02.2003")
		self.assertEqual(find_area(-3.7104, 128.0891).code, "81.71.04.2007")  # Bandara Pattimura, Laha
		outside = find_area(*NATSEPA)
		self.assertTrue(outside.outside_ambon)
		self.assertIsNone(outside.code)
