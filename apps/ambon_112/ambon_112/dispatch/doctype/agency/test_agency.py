# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.permissions import agencies_of
from ambon_112.roles import AGENCY_STAFF
from ambon_112.tests.utils import make_agency, make_user


class TestAgency(FrappeTestCase):
	def test_ambon_agencies_are_seeded_as_editable_records(self):
		damkar = frappe.get_doc("Agency", "Dinas Pemadam Kebakaran Kota Ambon")
		self.assertEqual(damkar.agency_type, "Fire")
		damkar.append("contacts", {"label": "Pos Honipopu", "phone": "0911 352000"})
		damkar.save()
		self.assertEqual(len(frappe.get_doc("Agency", damkar.name).contacts), len(damkar.contacts))

	def test_membership_is_what_scopes_a_portal_user(self):
		agency = make_agency()
		user = make_user([AGENCY_STAFF], agency=agency)
		self.assertEqual(agencies_of(user), [agency])

	def test_a_portal_user_serves_one_agency(self):
		user = make_user([AGENCY_STAFF], agency=make_agency())
		other = frappe.get_doc("Agency", make_agency("Police"))
		other.append("members", {"user": user})
		with self.assertRaises(frappe.ValidationError):
			other.save()
