# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.reporting.monthly import recipients


class TestReportingSettings(FrappeTestCase):
	def test_recipients_are_read_one_per_line_or_comma(self):
		settings = frappe.get_single("Reporting Settings")
		settings.monthly_report_recipients = "walikota@ambon.go.id\nkadis@ambon.go.id, 112@ambon.go.id"
		settings.save()
		self.assertEqual(recipients(), ["walikota@ambon.go.id", "kadis@ambon.go.id", "112@ambon.go.id"])
		frappe.db.rollback()
