# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime
from freezegun import freeze_time

from ambon_112.exceptions import CallerWatchError
from ambon_112.roles import OPERATOR, SUPERVISOR, VIEWER
from ambon_112.tests.utils import make_call, make_user, make_watch, random_number


class TestCallerWatch(FrappeTestCase):
	def test_only_supervisors_and_administrators_keep_the_list(self):
		supervisor, operator, viewer = make_user([SUPERVISOR]), make_user([OPERATOR]), make_user([VIEWER])
		self.assertTrue(frappe.has_permission("Caller Watch", "create", user=supervisor))
		self.assertFalse(frappe.has_permission("Caller Watch", "create", user=operator))
		self.assertTrue(frappe.has_permission("Caller Watch", "read", user=operator))
		self.assertFalse(frappe.has_permission("Caller Watch", "read", user=viewer))
		for user in (supervisor, operator):
			self.assertFalse(frappe.has_permission("Caller Watch", "delete", user=user))

	def test_supervisor_adds_a_number_with_reason_and_expiry(self):
		frappe.set_user(make_user([SUPERVISOR]))
		watch = make_watch("0812 4355 0001", "Block", days=3, reason="Ancaman bom palsu berulang")
		self.assertEqual(watch.caller_number_normalized, "+6281243550001")
		self.assertEqual(watch.added_by, frappe.session.user)

	def test_a_watched_number_is_flagged_but_its_calls_are_recorded_and_shown(self):
		number = random_number()
		watch = make_watch(number, "Block")
		call = make_call(caller_number=number)
		self.assertTrue(call.caller_flagged)
		self.assertEqual(call.caller_watch, watch.name)
		frappe.set_user(make_user([OPERATOR]))
		self.assertIn(
			call.name, frappe.get_list("Emergency Call", filters={"caller_flagged": 1}, pluck="name")
		)
		self.assertEqual(frappe.get_doc("Emergency Call", call.name).call_state, "Ringing")

	def test_an_expired_entry_no_longer_flags(self):
		number = random_number()
		make_watch(number, days=1)
		with freeze_time(add_to_date(now_datetime(), days=2)):
			self.assertFalse(make_call(caller_number=number).caller_flagged)

	def test_expiry_is_required_in_the_future_and_temporary(self):
		with self.assertRaises(CallerWatchError):
			make_watch(random_number(), days=-1)
		with self.assertRaises(CallerWatchError):
			make_watch(random_number(), days=91)
		watch = make_watch(random_number(), days=90)
		watch.expires_at = now_datetime()  # a supervisor ends it early
		watch.save()

	def test_withheld_numbers_cannot_be_watched(self):
		with self.assertRaises(CallerWatchError):
			make_watch("anonymous")
