# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import now_datetime

from ambon_112.exceptions import EscalationLogReadOnlyError, RecordNeverDeletedError
from ambon_112.roles import SUPERVISOR
from ambon_112.tests.utils import escalation_level, make_call, make_escalation_policy


class TestEscalationLog(FrappeTestCase):
	def setUp(self):
		self.call = make_call()
		self.policy = make_escalation_policy(
			"Emergency Call", [escalation_level(1, "Call Unanswered", 15, [SUPERVISOR])]
		).name

	def make_log(self, level=1, repeat=0):
		return frappe.get_doc(
			{
				"doctype": "Escalation Log",
				"reference_doctype": "Emergency Call",
				"reference_name": self.call.name,
				"policy": self.policy,
				"level": level,
				"repeat_no": repeat,
				"trigger_condition": "Call Unanswered",
				"fired_at": now_datetime(),
				"subject": "test",
			}
		).insert(ignore_permissions=True)

	def test_the_database_refuses_a_second_log_of_the_same_firing(self):
		self.make_log(1, 0)
		self.make_log(1, 1)  # the next reminder is another firing
		self.make_log(2, 0)
		with self.assertRaises(frappe.UniqueValidationError):
			self.make_log(1, 0)

	def test_a_log_is_never_edited_by_hand_nor_deleted(self):
		log = self.make_log()
		log.status = "Cleared"
		with self.assertRaises(EscalationLogReadOnlyError):
			log.save(ignore_permissions=True)
		with self.assertRaises(RecordNeverDeletedError):
			frappe.delete_doc("Escalation Log", log.name, ignore_permissions=True)
		self.assertEqual(frappe.db.get_value("Escalation Log", log.name, "status"), "Open")
