# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import now_datetime

from ambon_112.exceptions import DuplicateIncidentError, RecordNeverDeletedError
from ambon_112.tests.utils import BATU_MERAH, POKA, make_incident


class TestIncident(FrappeTestCase):
	def test_name_carries_the_year(self):
		self.assertRegex(make_incident().name, rf"^INC-{now_datetime().year}-\d{{5}}$")

	def test_priority_defaults_from_the_incident_type(self):
		self.assertEqual(make_incident("Fire").priority, "P1")
		self.assertEqual(make_incident("Hearse Request").priority, "P4")
		self.assertEqual(make_incident("Fire", priority="P3").priority, "P3")

	def test_kelurahan_and_kecamatan_from_coordinates(self):
		incident = make_incident(position=POKA)
		self.assertEqual(incident.kelurahan, "81.71.04.2002")
		self.assertEqual(incident.kecamatan, "81.71.04")

	def test_kecamatan_follows_a_hand_picked_kelurahan(self):
		incident = make_incident(position=None, kelurahan="81.71.05.2007")
		self.assertEqual(incident.kecamatan, "81.71.05")

	def test_milestones_are_stamped_once(self):
		incident = make_incident(position=BATU_MERAH)
		self.assertFalse(incident.triaged_at)
		incident.status = "Triaged"
		incident.save()
		triaged_at = incident.triaged_at
		self.assertTrue(triaged_at)
		incident.status = "Closed"
		incident.save()
		self.assertEqual(incident.triaged_at, triaged_at)
		self.assertTrue(incident.resolved_at and incident.closed_at)

	def test_duplicate_must_name_another_incident(self):
		first = make_incident()
		second = make_incident()
		second.status = "Duplicate"
		with self.assertRaises(DuplicateIncidentError):
			second.save()
		second.reload()
		second.status = "Duplicate"
		second.duplicate_of = first.name
		second.save()
		self.assertTrue(second.closed_at)

	def test_nobody_deletes_an_incident(self):
		incident = make_incident()
		with self.assertRaises(RecordNeverDeletedError):
			frappe.delete_doc("Incident", incident.name, ignore_permissions=True)
