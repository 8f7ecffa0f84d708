# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase


class TestUnitCapability(FrappeTestCase):
	def test_capability_names_are_unique(self):
		self.assertTrue(frappe.db.exists("Unit Capability", "Water Rescue"))
		with self.assertRaises(frappe.DuplicateEntryError):
			frappe.get_doc({"doctype": "Unit Capability", "capability_name": "Water Rescue"}).insert()
