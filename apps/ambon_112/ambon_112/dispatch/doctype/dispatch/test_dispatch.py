# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.api.dispatch import set_dispatch_status
from ambon_112.exceptions import (
	InvalidStatusTransitionError,
	RecordNeverDeletedError,
	UnitAgencyMismatchError,
	UnitNotAvailableError,
)
from ambon_112.roles import AGENCY_STAFF
from ambon_112.tests.utils import (
	make_agency,
	make_dispatch,
	make_incident,
	make_unit,
	make_user,
	outgoing_mail_account,
)


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


class TestDispatchMovesTheIncident(FrappeTestCase):
	def test_first_dispatch_moves_the_incident_and_the_first_arrival_puts_it_on_scene(self):
		incident = make_incident()
		first = make_dispatch(incident.name, unit=make_unit(make_agency()))
		self.assertEqual(frappe.db.get_value("Incident", incident.name, "status"), "Dispatched")
		second = make_dispatch(incident.name, unit=make_unit(make_agency("Police"), "Police Patrol"))
		self.assertEqual(frappe.db.get_value("Incident", incident.name, "status"), "Dispatched")
		second.status = "On Scene"
		second.save()
		self.assertEqual(frappe.db.get_value("Incident", incident.name, "status"), "On Scene")
		first.status = "On Scene"  # a later arrival moves nothing
		first.save()
		incident.reload()
		self.assertEqual((incident.status, incident.first_on_scene_at), ("On Scene", second.on_scene_at))
		comments = frappe.get_all(
			"Comment", filters={"reference_name": incident.name, "comment_type": "Workflow"}, pluck="content"
		)
		self.assertEqual(sorted(comments), ["Dispatched", "On Scene"])

	def dispatch_as_its_crew(self):
		"""(incident, dispatch) of a new unit's agency, the session that of the agency's crew."""
		agency = make_agency()
		crew = make_user([AGENCY_STAFF], agency=agency)
		incident = make_incident()
		dispatch = make_dispatch(incident.name, unit=make_unit(agency))
		frappe.set_user(crew)
		self.addCleanup(frappe.set_user, "Administrator")
		return incident, dispatch

	def test_crew_reporting_through_the_portal_moves_the_incident_by_the_workflow_roles(self):
		incident, dispatch = self.dispatch_as_its_crew()
		self.assertFalse(frappe.has_permission("Incident", "write", doc=incident.name))
		set_dispatch_status(dispatch.name, "On Scene")  # what the portal's button calls
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Incident", incident.name, "status"), "On Scene")

	def test_without_a_transition_for_the_user_the_incident_stays(self):
		"""Admins removed the crews' "Arrive" transition: a portal report no longer moves incidents."""
		self.addCleanup(frappe.clear_cache)
		workflow = frappe.get_doc("Workflow", "Incident")
		workflow.transitions = [t for t in workflow.transitions if t.allowed != AGENCY_STAFF]
		workflow.save()
		incident, dispatch = self.dispatch_as_its_crew()
		on_scene_at = set_dispatch_status(dispatch.name, "On Scene")["at"]
		frappe.set_user("Administrator")
		self.assertEqual(frappe.db.get_value("Incident", incident.name, "status"), "Dispatched")
		self.assertTrue(on_scene_at)
		self.assertEqual(frappe.db.get_value("Incident", incident.name, "first_on_scene_at"), on_scene_at)


class TestAgencyNotification(FrappeTestCase):
	def setUp(self):
		self.agency = make_agency(email="piket@damkar.test")
		self.members = [make_user([AGENCY_STAFF], agency=self.agency) for _ in range(2)]
		self.outsider = make_user([AGENCY_STAFF], agency=make_agency("Police"))

	def notifications(self, dispatch):
		return frappe.get_all(
			"Notification Log",
			filters={"document_type": "Dispatch", "document_name": dispatch},
			fields=["for_user", "type", "subject"],
		)

	def test_each_member_gets_a_desk_notification_and_nobody_else(self):
		incident = make_incident(title="Kebakaran gudang kopra")
		dispatch = make_dispatch(
			incident.name, unit=make_unit(self.agency), instructions="Masuk dari Jl. Pantai"
		)
		logs = self.notifications(dispatch.name)
		self.assertEqual(sorted(log.for_user for log in logs), sorted(self.members))
		self.assertTrue(
			all(dispatch.name in log.subject and "Kebakaran gudang kopra" in log.subject for log in logs)
		)
		self.assertEqual({log.type for log in logs}, {"Alert"})

	def test_disabled_member_is_not_notified(self):
		frappe.db.set_value("User", self.members[0], "enabled", 0)
		dispatch = make_dispatch(make_incident().name, agency=self.agency)
		self.assertEqual([log.for_user for log in self.notifications(dispatch.name)], [self.members[1]])

	def test_email_goes_to_the_agency_only_when_outgoing_mail_is_configured(self):
		without = make_dispatch(make_incident().name, agency=self.agency)
		self.assertFalse(frappe.db.exists("Email Queue", {"reference_name": without.name}))
		with outgoing_mail_account(server="smtp.ambon.test", commit=False):
			with_mail = make_dispatch(make_incident().name, agency=self.agency)
			queued = frappe.get_all(
				"Email Queue",
				filters={"reference_doctype": "Dispatch", "reference_name": with_mail.name},
				pluck="name",
			)
			self.assertEqual(len(queued), 1)
			recipients = frappe.get_all(
				"Email Queue Recipient", filters={"parent": queued[0]}, pluck="recipient"
			)
			self.assertEqual(recipients, ["piket@damkar.test"])
