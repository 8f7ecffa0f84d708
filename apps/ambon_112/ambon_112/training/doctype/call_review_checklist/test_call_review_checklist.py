# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.roles import ADMINISTRATOR, SUPERVISOR
from ambon_112.tests.utils import make_user
from ambon_112.training.defaults import CHECKLIST


class TestCallReviewChecklist(FrappeTestCase):
	def test_the_default_checklist_is_seeded_with_the_review_items(self):
		items = [row.item for row in frappe.get_doc("Call Review Checklist", CHECKLIST).items]
		self.assertEqual(len(items), 6)
		self.assertIn("Lokasi diverifikasi", items)

	def test_administrators_edit_it_and_supervisors_only_read_it(self):
		self.assertTrue(
			frappe.has_permission("Call Review Checklist", "write", user=make_user([ADMINISTRATOR]))
		)
		supervisor = make_user([SUPERVISOR])
		self.assertTrue(frappe.has_permission("Call Review Checklist", "read", user=supervisor))
		self.assertFalse(frappe.has_permission("Call Review Checklist", "write", user=supervisor))
