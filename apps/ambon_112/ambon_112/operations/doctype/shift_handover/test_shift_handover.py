# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.roles import OPERATOR, SUPERVISOR
from ambon_112.tests.utils import make_user


class TestShiftHandover(FrappeTestCase):
	def test_the_acknowledgement_is_kept_against_a_generic_write(self):
		doc = frappe.get_doc(
			{
				"doctype": "Shift Handover",
				"title": "Serah terima uji",
				"shift_type": "Pagi",
				"shift_date": "2031-06-01",
				"shift_start": "2031-06-01 07:00:00",
				"shift_key": f"test|{frappe.generate_hash(length=6)}",
			}
		).insert(ignore_permissions=True)
		supervisor = make_user([SUPERVISOR])
		frappe.set_user(supervisor)
		try:
			mine = frappe.get_doc("Shift Handover", doc.name)
			mine.status, mine.outgoing_notes = "Acknowledged", "Pompa air di Batu Merah masih dipantau"
			mine.save()
		finally:
			frappe.set_user("Administrator")
		stored = frappe.db.get_value("Shift Handover", doc.name, ["status", "outgoing_notes"])
		self.assertEqual(stored, ("Draft", "Pompa air di Batu Merah masih dipantau"))
		self.assertFalse(frappe.has_permission("Shift Handover", "write", user=make_user([OPERATOR])))
