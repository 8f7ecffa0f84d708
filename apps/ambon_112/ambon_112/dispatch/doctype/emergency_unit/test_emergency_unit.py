# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.exceptions import InvalidCoordinateError
from ambon_112.tests.utils import PASSO, make_agency, make_unit


class TestEmergencyUnit(FrappeTestCase):
	def test_capabilities_default_from_the_unit_type(self):
		unit = frappe.get_doc("Emergency Unit", make_unit(make_agency("Ambulance / Health"), "ALS Ambulance"))
		self.assertIn("Advanced Life Support", {row.capability for row in unit.capabilities})
		self.assertEqual(unit.agency_type, "Ambulance / Health")

	def test_position_gives_kelurahan_and_report_time(self):
		unit = frappe.get_doc("Emergency Unit", make_unit(make_agency(), position=PASSO))
		self.assertEqual(unit.kelurahan, "81.71.03.2001")
		self.assertTrue(unit.position_reported_at)

	def test_status_change_restarts_the_clock(self):
		unit = frappe.get_doc("Emergency Unit", make_unit(make_agency()))
		since = unit.status_since
		frappe.db.set_value("Emergency Unit", unit.name, "status_since", "2026-01-01 00:00:00")
		unit.reload()
		unit.status = "Out of Service"
		unit.save()
		self.assertGreaterEqual(unit.status_since, since)

	def test_impossible_position_is_refused(self):
		with self.assertRaises(InvalidCoordinateError):
			make_unit(make_agency(), position=(-3.7, 200))
