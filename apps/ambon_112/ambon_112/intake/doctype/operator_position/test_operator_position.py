# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.exceptions import OperatorPositionError
from ambon_112.intake import on_duty
from ambon_112.roles import OPERATOR, SUPERVISOR, VIEWER
from ambon_112.tests.utils import make_position, make_user


class TestOperatorPosition(FrappeTestCase):
	def setUp(self):
		# Nobody else on duty: each test decides who is.
		frappe.db.set_value("Operator Position", {"on_duty": 1}, "on_duty", 0)
		on_duty.clear_roster()  # set_value bypasses the hooks that clear it

	def test_on_duty_needs_an_operator_and_is_stamped(self):
		with self.assertRaises(OperatorPositionError):
			make_position(on_duty=1)
		position = frappe.get_doc("Operator Position", make_position(make_user([OPERATOR]), on_duty=1))
		self.assertTrue(position.on_duty_since)

	def test_an_operator_is_on_duty_at_one_position_only(self):
		operator = make_user([OPERATOR])
		make_position(operator, on_duty=1)
		with self.assertRaises(OperatorPositionError):
			make_position(operator, on_duty=1)

	def test_operators_sign_themselves_in_and_out(self):
		operator = make_user([OPERATOR])
		first, second = make_position(), make_position()
		frappe.set_user(operator)
		on_duty.start_duty(first, operator)
		on_duty.start_duty(second, operator)  # moving consoles ends the first duty
		self.assertEqual(frappe.get_all("Operator Position", filters={"on_duty": 1}, pluck="name"), [second])
		self.assertEqual(on_duty.end_duty(operator), [second])
		self.assertFalse(frappe.db.get_value("Operator Position", second, "on_duty"))

	def test_a_viewer_cannot_sign_in(self):
		frappe.set_user(make_user([VIEWER]))
		with self.assertRaises(frappe.PermissionError):
			on_duty.start_duty(make_position(), frappe.session.user)

	def test_the_pbx_agent_is_found_by_extension_or_user_id(self):
		operator, supervisor = make_user([OPERATOR]), make_user([SUPERVISOR])
		make_position(operator, on_duty=1, extension="2101")
		self.assertEqual(on_duty.user_for_agent("2101"), operator)
		self.assertEqual(on_duty.user_for_agent(supervisor), supervisor)
		self.assertIsNone(on_duty.user_for_agent("9999"))
		self.assertIsNone(on_duty.user_for_agent(make_user([VIEWER])))  # not someone who answers calls

	def test_recipients_are_the_answering_operator_or_everyone_on_duty(self):
		a, b, c = (make_user([OPERATOR]) for _ in range(3))
		make_position(a, on_duty=1, extension="2201")
		make_position(b, on_duty=1, extension="2202")
		make_position(c, on_duty=0, extension="2203")
		self.assertEqual(on_duty.recipients("answered", "2202"), [b])
		self.assertEqual(sorted(on_duty.recipients("ringing", None)), sorted([a, b]))
		self.assertEqual(sorted(on_duty.recipients("answered", "unknown-ext")), sorted([a, b]))
		self.assertEqual(on_duty.recipients("ended", "2202"), [])
		# Saving a User clears the roster (hooks); a test site may refuse the save for want of
		# another System Manager, so disable directly and clear as the hook would.
		frappe.db.set_value("User", b, "enabled", 0)
		on_duty.clear_roster()
		self.assertEqual(on_duty.recipients("ringing", None), [a])

	def test_when_nobody_is_on_duty_every_operator_gets_the_call(self):
		operator = make_user([OPERATOR])
		everyone = on_duty.recipients("ringing", None)
		self.assertIn(operator, everyone)
		self.assertTrue(all(OPERATOR in frappe.get_roles(u) for u in everyone))
