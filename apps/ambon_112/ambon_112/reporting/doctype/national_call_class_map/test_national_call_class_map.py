# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.reporting.national_export import call_class_map, seed_call_class_map


class TestNationalCallClassMap(FrappeTestCase):
	def test_every_call_class_is_mapped_and_an_admin_edit_survives_a_migrate(self):
		options = frappe.get_meta("Emergency Call").get_field("classification").options.split("\n")
		mapping = call_class_map()
		self.assertTrue({o for o in options if o} <= set(mapping))
		frappe.db.set_value("National Call Class Map", "Dropped", "national_class", "normal")
		seed_call_class_map()
		self.assertEqual(call_class_map()["Dropped"], "normal")
		frappe.db.rollback()
