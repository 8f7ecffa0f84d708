# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.roles import OPERATOR
from ambon_112.tests.utils import make_call, make_user


class TestCallReview(FrappeTestCase):
	def test_the_score_is_the_weight_of_the_items_met(self):
		call = make_call(operator=make_user([OPERATOR]))
		review = frappe.get_doc(
			{
				"doctype": "Call Review",
				"call": call.name,
				"items": [
					{"item": "Lokasi diverifikasi", "weight": 3, "met": 1},
					{"item": "Salam pembuka", "weight": 1, "met": 0},
				],
			}
		).insert(ignore_permissions=True)
		self.assertEqual(review.score, 75.0)
		review.items[1].met = 1
		review.save(ignore_permissions=True)
		self.assertEqual(review.score, 100.0)

	def test_operators_read_only_their_own_reviews_and_write_none(self):
		operator, other = make_user([OPERATOR]), make_user([OPERATOR])
		own = frappe.get_doc(
			{"doctype": "Call Review", "call": make_call(operator=operator).name, "operator": operator}
		).insert(ignore_permissions=True)
		theirs = frappe.get_doc(
			{"doctype": "Call Review", "call": make_call(operator=other).name, "operator": other}
		).insert(ignore_permissions=True)
		self.assertFalse(frappe.has_permission("Call Review", "create", user=operator))
		self.assertFalse(frappe.has_permission("Call Review", "write", own, user=operator))
		self.assertTrue(frappe.has_permission("Call Review", "read", own, user=operator))
		self.assertFalse(frappe.has_permission("Call Review", "read", theirs, user=operator))
		listed = frappe.get_list("Call Review", user=operator, pluck="name", limit=0)
		self.assertIn(own.name, listed)
		self.assertNotIn(theirs.name, listed)
