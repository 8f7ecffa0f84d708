# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase


class TestEmergencyUnitType(FrappeTestCase):
	def test_seeded_unit_types_carry_capabilities(self):
		boat = frappe.get_doc("Emergency Unit Type", "Rescue Boat")
		self.assertEqual(boat.agency_type, "Search and Rescue")
		self.assertIn("Water Rescue", {row.capability for row in boat.capabilities})
