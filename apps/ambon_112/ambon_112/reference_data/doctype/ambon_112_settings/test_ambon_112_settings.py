# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.location import find_area


class TestAmbon112Settings(FrappeTestCase):
	def test_outside_margin_is_configurable(self):
		# 0.7 km off Latuhalat's southern coast: inside the default 3 km margin, outside a 500 m one.
		point = (-3.80, 128.09)
		settings = frappe.get_single("Ambon 112 Settings")
		self.assertEqual(settings.outside_ambon_margin_m, 3000)
		near = find_area(*point)
		settings.outside_ambon_margin_m = 500
		settings.save()
		far = find_area(*point)
		self.assertEqual((near.outside_ambon, near.code), (False, "81.71.01.2001"))
		self.assertTrue(far.outside_ambon)
