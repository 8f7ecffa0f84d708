# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, nowdate

from ambon_112.roles import OPERATOR
from ambon_112.tests.utils import make_user


class TestOperatorCertificate(FrappeTestCase):
	def test_a_new_expiry_date_arms_the_reminder_again(self):
		cert = frappe.get_doc(
			{
				"doctype": "Operator Certificate",
				"operator": make_user([OPERATOR]),
				"certificate": "Sertifikat Operator 112",
				"expires_on": add_days(nowdate(), 10),
			}
		).insert(ignore_permissions=True)
		frappe.db.set_value("Operator Certificate", cert.name, "reminded_on", nowdate())
		cert.reload()
		cert.save(ignore_permissions=True)  # nothing renewed: stays reminded
		self.assertTrue(cert.reminded_on)
		cert.expires_on = add_days(nowdate(), 400)
		cert.save(ignore_permissions=True)
		self.assertFalse(cert.reminded_on)
