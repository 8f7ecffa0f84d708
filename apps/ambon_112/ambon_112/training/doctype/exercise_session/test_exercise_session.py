# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.roles import OPERATOR, TRAINER
from ambon_112.tests.utils import make_user


class TestExerciseSession(FrappeTestCase):
	def test_trainers_run_sessions_and_operators_only_read_them(self):
		trainer, operator = make_user([TRAINER]), make_user([OPERATOR])
		self.assertTrue(frappe.has_permission("Exercise Session", "create", user=trainer))
		self.assertTrue(frappe.has_permission("Exercise Session", "read", user=operator))
		self.assertFalse(frappe.has_permission("Exercise Session", "write", user=operator))

	def test_a_new_session_is_planned(self):
		frappe.set_user(make_user([TRAINER]))
		try:
			session = frappe.get_doc(
				{
					"doctype": "Exercise Session",
					"title": "Latihan pagi",
					"trainees": [{"trainee": make_user([OPERATOR])}],
					"scenarios": [{"scenario": "Salah sambung"}],
				}
			).insert()
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(session.status, "Planned")
		self.assertTrue(session.name.startswith("DRILL-"))
