# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.tests.utils import make_agency, unique


class TestAgencyType(FrappeTestCase):
	def test_seeded_types_and_a_new_one(self):
		self.assertEqual(frappe.db.count("Agency Type"), 13)
		new_type = frappe.get_doc(
			{"doctype": "Agency Type", "agency_type_name": unique("Coast Guard")}
		).insert()
		self.assertEqual(
			frappe.db.get_value("Agency", make_agency(new_type.name), "agency_type"), new_type.name
		)
