# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.reporting.public_page_content import CONTENT


class TestPublic112Page(FrappeTestCase):
	def test_default_indonesian_text_is_seeded(self):
		page = frappe.get_single("Public 112 Page")
		self.assertIn("Batu Merah", page.location_help)
		self.assertEqual(set(CONTENT), {f for f in CONTENT if page.get(f)})

	def test_rich_text_is_cleaned_to_the_allow_list_on_save(self):
		page = frappe.get_single("Public 112 Page")
		page.prank_calls = (
			'"<img src=x onerror=alert(1)>"<p onclick="x()">Jangan <b>iseng</b></p>'
			'<script>alert(2)</script><a href="javascript:alert(3)">a</a><a href="tel:112">112</a>'
		)
		page.save()
		saved = frappe.db.get_single_value("Public 112 Page", "prank_calls")
		for bad in ("<img", "onerror", "onclick", "<script", "javascript:"):
			self.assertNotIn(bad, saved)
		self.assertIn("<b>iseng</b>", saved)
		self.assertIn('<a href="tel:112">112</a>', saved)
		frappe.db.rollback()
