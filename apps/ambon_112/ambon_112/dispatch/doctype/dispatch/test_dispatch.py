# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.exceptions import (
	InvalidStatusTransitionError,
	RecordNeverDeletedError,
	UnitAgencyMismatchError,
	UnitNotAvailableError,
)
from ambon_112.tests.utils import make_agency, make_dispatch, make_incident, make_unit


class TestDispatch(FrappeTestCase):
	def setUp(self):
		self.agency = make_agency("Fire")
		self.unit = make_unit(self.agency)
		self.incident = make_incident()

	def test_agency_comes_from_the_unit_and_the_unit_is_busy(self):
		dispatch = make_dispatch(self.incident.name, unit=self.unit)
		self.assertEqual(dispatch.agency, self.agency)
		self.assertTrue(dispatch.dispatched_at)
		self.assertEqual(dispatch.dispatched_by, "Administrator")
		unit = frappe.get_doc("Emergency Unit", self.unit)
		self.assertEqual((unit.status, unit.current_incident), ("Dispatched", self.incident.name))

	def test_unit_of_another_agency_is_refused(self):
		with self.assertRaises(UnitAgencyMismatchError):
			make_dispatch(self.incident.name, unit=self.unit, agency=make_agency("Police"))

	def test_busy_unit_cannot_be_sent_twice(self):
		make_dispatch(self.incident.name, unit=self.unit)
		with self.assertRaises(UnitNotAvailableError):
			make_dispatch(make_incident().name, unit=self.unit)

	def test_status_moves_forward_with_times_and_frees_the_unit(self):
		dispatch = make_dispatch(self.incident.name, unit=self.unit)
		for status, unit_status in (
			("Acknowledged", "Dispatched"),
			("On Scene", "On Scene"),
			("Cleared", "Available"),
		):
			dispatch.status = status
			dispatch.save()
			self.assertEqual(frappe.db.get_value("Emergency Unit", self.unit, "status"), unit_status)
		self.assertTrue(dispatch.acknowledged_at and dispatch.on_scene_at and dispatch.cleared_at)
		self.assertFalse(dispatch.en_route_at)  # skipped, not invented
		self.assertFalse(frappe.db.get_value("Emergency Unit", self.unit, "current_dispatch"))
		dispatch.status = "On Scene"
		with self.assertRaises(InvalidStatusTransitionError):
			dispatch.save()

	def test_freed_unit_can_be_dispatched_again(self):
		first = make_dispatch(self.incident.name, unit=self.unit)
		first.status = "Cancelled"
		first.cancel_reason = "Salah unit"
		first.save()
		second = make_dispatch(make_incident().name, unit=self.unit)
		self.assertEqual(frappe.db.get_value("Emergency Unit", self.unit, "current_dispatch"), second.name)

	def test_incident_records_first_times_and_agencies(self):
		dispatch = make_dispatch(self.incident.name, unit=self.unit)
		make_dispatch(self.incident.name, agency=make_agency("Police"))
		incident = frappe.get_doc("Incident", self.incident.name)
		self.assertEqual(incident.first_dispatch_at, dispatch.dispatched_at)
		self.assertEqual(len(incident.agencies), 2)
		dispatch.status = "En Route"
		dispatch.save()
		self.assertEqual(
			frappe.db.get_value("Incident", self.incident.name, "first_en_route_at"), dispatch.en_route_at
		)

	def test_dispatch_without_unit_goes_to_an_agency(self):
		dispatch = make_dispatch(self.incident.name, agency=self.agency)
		self.assertFalse(dispatch.unit)
		self.assertEqual(dispatch.agency, self.agency)

	def test_nobody_deletes_a_dispatch(self):
		dispatch = make_dispatch(self.incident.name, agency=self.agency)
		with self.assertRaises(RecordNeverDeletedError):
			frappe.delete_doc("Dispatch", dispatch.name, ignore_permissions=True)
