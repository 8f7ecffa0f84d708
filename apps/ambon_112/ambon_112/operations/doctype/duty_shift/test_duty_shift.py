# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.operations.defaults import seed_shift_types
from ambon_112.operations.roster import shift_types


class TestDutyShift(FrappeTestCase):
	def test_the_three_shifts_are_seeded_once_and_stay_editable(self):
		self.assertEqual([t.name for t in shift_types()], ["Pagi", "Siang", "Malam"])
		frappe.db.set_value("Duty Shift", "Malam", "end_time", "08:00:00")
		seed_shift_types()
		self.assertEqual(str(frappe.db.get_value("Duty Shift", "Malam", "end_time")), "8:00:00")
		self.assertEqual(frappe.db.count("Duty Shift"), 3)
