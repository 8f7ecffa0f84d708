# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.tests.utils import make_incident, unique


class TestIncidentType(FrappeTestCase):
	def test_seeded_tree_and_responses(self):
		flood = frappe.get_doc("Incident Type", "Flood")
		self.assertEqual(flood.parent_incident_type, "Natural Disaster")
		self.assertIn("Disaster Management", {row.agency_type for row in flood.agency_types})
		self.assertEqual(frappe.db.get_value("Incident Type", "Fire", "default_priority"), "P1")

	def test_admin_adds_a_type_without_code(self):
		name = unique("Boat Capsized")
		frappe.get_doc(
			{
				"doctype": "Incident Type",
				"incident_type_name": name,
				"parent_incident_type": "Natural Disaster",
				"default_priority": "P1",
				"agency_types": [{"agency_type": "Search and Rescue"}],
				"capabilities": [{"capability": "Water Rescue"}],
			}
		).insert()
		self.assertEqual(make_incident(name).priority, "P1")
