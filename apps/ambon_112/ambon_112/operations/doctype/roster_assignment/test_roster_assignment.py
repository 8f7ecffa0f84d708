# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_datetime

from ambon_112.operations.roster import RosterError
from ambon_112.roles import OPERATOR
from ambon_112.tests.utils import make_position, make_user


class TestRosterAssignment(FrappeTestCase):
	def assign(self, user, position=None, shift_type="Malam"):
		return frappe.get_doc(
			{
				"doctype": "Roster Assignment",
				"user": user,
				"shift_type": shift_type,
				"shift_date": "2031-05-01",
				"position": position,
			}
		).insert(ignore_permissions=True)

	def test_a_night_shift_ends_the_next_morning(self):
		doc = self.assign(make_user([OPERATOR]))
		self.assertEqual(
			(doc.starts_at, doc.ends_at), (get_datetime("2031-05-01 21:00"), get_datetime("2031-05-02 07:00"))
		)

	def test_one_operator_per_position_and_one_shift_per_operator(self):
		user, position = make_user([OPERATOR]), make_position()
		self.assign(user, position)
		with self.assertRaises(RosterError):
			self.assign(make_user([OPERATOR]), position)
		with self.assertRaises(RosterError):
			self.assign(user)
