# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import now_datetime

from ambon_112.exceptions import RecordNeverDeletedError


def make_log(client_id: str):
	return frappe.get_doc(
		{
			"doctype": "Field Update",
			"client_id": client_id,
			"kind": "Note",
			"outcome": "Refused",
			"received_at": now_datetime(),
		}
	).insert(ignore_permissions=True)


class TestFieldUpdate(FrappeTestCase):
	def test_a_client_id_is_stored_once(self):
		client_id = frappe.generate_hash(length=20)
		make_log(client_id)
		with self.assertRaises((frappe.UniqueValidationError, frappe.DuplicateEntryError)):
			make_log(client_id)

	def test_a_field_update_is_never_deleted(self):
		log = make_log(frappe.generate_hash(length=20))
		with self.assertRaises(RecordNeverDeletedError):
			frappe.delete_doc("Field Update", log.name, ignore_permissions=True)
