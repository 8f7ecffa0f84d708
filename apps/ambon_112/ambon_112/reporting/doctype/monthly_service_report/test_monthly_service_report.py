# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.reporting.monthly import month_of


class TestMonthlyServiceReport(FrappeTestCase):
	def test_a_month_is_written_yyyy_mm(self):
		self.assertEqual(str(month_of("2026-10")), "2026-10-01")
		for bad in ("2026-13", "2026-1", "26-10", "2026-10-01"):
			with self.assertRaises(frappe.ValidationError):
				month_of(bad)

	def test_the_workflow_is_seeded_once(self):
		from ambon_112.reporting.report_workflow import spec
		from ambon_112.workflows import seed_workflow

		self.assertTrue(frappe.db.exists("Workflow", "Monthly Service Report"))
		self.assertFalse(seed_workflow(spec()))
