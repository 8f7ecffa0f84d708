# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.intake import on_duty
from ambon_112.roles import OPERATOR
from ambon_112.tests.utils import make_position, make_user


class TestConsoleSession(FrappeTestCase):
	def test_a_sign_on_opens_a_session_and_moving_consoles_closes_it(self):
		user, first, second = make_user([OPERATOR]), make_position(), make_position()
		on_duty.start_duty(first, user)
		on_duty.start_duty(second, user)
		on_duty.end_duty(user)
		sessions = frappe.get_all(
			"Console Session",
			filters={"user": user},
			fields=["position", "signed_off_at", "end_reason"],
			order_by="creation",
		)
		self.assertEqual([s.position for s in sessions], [first, second])
		self.assertTrue(all(s.signed_off_at for s in sessions))
		self.assertEqual({s.end_reason for s in sessions}, {"Signed Off"})
		self.assertEqual(frappe.db.get_value("Operator Position", first, "console_status"), "Off")
