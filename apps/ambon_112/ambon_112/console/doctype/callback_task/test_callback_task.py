# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime

from ambon_112.console import callbacks
from ambon_112.exceptions import RecordNeverDeletedError
from ambon_112.tests.utils import make_call, random_number


class TestCallbackTask(FrappeTestCase):
	def test_a_missed_call_from_a_mobile_number_gets_one_task_and_a_withheld_one_none(self):
		received = add_to_date(now_datetime(), minutes=-3)
		call = make_call(
			caller_number=random_number(), received_at=received, ended_at=add_to_date(received, seconds=20)
		)
		self.assertEqual(call.call_state, "Missed")
		task = frappe.db.get_value(
			"Callback Task", {"call": call.name}, ["name", "reason", "status"], as_dict=True
		)
		self.assertEqual((task.reason, task.status), ("Missed", "Open"))
		self.assertEqual(callbacks.offer(call), task.name)  # offered again: the same task
		self.assertEqual(frappe.db.count("Callback Task", {"call": call.name}), 1)
		withheld = make_call(
			caller_number="", received_at=received, ended_at=add_to_date(received, seconds=20)
		)
		self.assertFalse(frappe.db.exists("Callback Task", {"call": withheld.name}))

	def test_a_task_is_never_deleted(self):
		call = make_call(caller_number=random_number(), classification="Dropped", answered_at=now_datetime())
		task = frappe.get_doc("Callback Task", {"call": call.name})
		self.assertEqual(task.reason, "Dropped")
		self.assertRaises(RecordNeverDeletedError, task.delete, ignore_permissions=True)
