# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.operations.swaps import SwapError
from ambon_112.roles import OPERATOR
from ambon_112.tests.utils import make_user


class TestShiftSwapRequest(FrappeTestCase):
	def test_an_operator_asks_only_for_their_own_shift(self):
		owner, other = make_user([OPERATOR]), make_user([OPERATOR])
		assignment = frappe.get_doc(
			{"doctype": "Roster Assignment", "user": owner, "shift_type": "Pagi", "shift_date": "2031-07-01"}
		).insert(ignore_permissions=True)
		frappe.set_user(other)
		try:
			with self.assertRaises((SwapError, frappe.PermissionError)):
				frappe.get_doc(
					{"doctype": "Shift Swap Request", "assignment": assignment.name, "replacement": other}
				).insert()
		finally:
			frappe.set_user("Administrator")
