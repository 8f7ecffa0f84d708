# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.reporting.national_export import incident_type_map


class TestNationalIncidentTypeMap(FrappeTestCase):
	def test_a_mapping_row_is_read_by_the_export(self):
		frappe.get_doc(
			{
				"doctype": "National Incident Type Map",
				"incident_type": "Fire",
				"national_category": "kebakaran",
			}
		).insert()
		self.assertEqual(incident_type_map()["Fire"], "kebakaran")
		frappe.db.rollback()
