# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import now_datetime

from ambon_112.exceptions import DuplicateIncidentError, RecordNeverDeletedError
from ambon_112.roles import OPERATOR, SUPERVISOR
from ambon_112.tests.utils import (
	BATU_MERAH,
	POKA,
	make_agency,
	make_dispatch,
	make_incident,
	make_unit,
	make_user,
)
from ambon_112.workflows import NoTransitionError, move_to


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
		incident = move_to(incident, "Triaged")
		triaged_at = incident.triaged_at
		self.assertTrue(triaged_at)
		for meaning in ("Resolved", "Closed"):
			incident = move_to(incident, meaning)
		self.assertEqual(incident.triaged_at, triaged_at)
		self.assertTrue(incident.resolved_at and incident.closed_at)

	def test_duplicate_must_name_another_incident(self):
		first = make_incident()
		second = make_incident()
		# Without duplicate_of the workflow does not even offer the transition...
		with self.assertRaises(NoTransitionError):
			move_to(second, "Duplicate")
		# ...and a state written around the workflow is still checked by the controller.
		second.workflow_state = "Duplicate"
		with self.assertRaises(DuplicateIncidentError):
			second.save()
		second.reload()
		second.duplicate_of = first.name
		second.save()
		second = move_to(second, "Duplicate")
		self.assertEqual(second.status, "Duplicate")
		self.assertTrue(second.closed_at)

	def test_nobody_deletes_an_incident(self):
		incident = make_incident()
		with self.assertRaises(RecordNeverDeletedError):
			frappe.delete_doc("Incident", incident.name, ignore_permissions=True)


class TestIncidentWorkflow(FrappeTestCase):
	def tearDown(self):
		frappe.set_user("Administrator")

	def test_a_new_incident_starts_in_the_first_state(self):
		incident = make_incident()
		self.assertEqual((incident.workflow_state, incident.status), ("New", "New"))

	def test_status_is_the_meaning_of_the_state_and_cannot_be_written_around_it(self):
		incident = make_incident()
		incident.status = "Closed"
		incident.save()
		self.assertEqual(incident.status, "New")  # the state still says New
		incident = move_to(incident, "Triaged")
		self.assertEqual((incident.workflow_state, incident.status), ("Triaged", "Triaged"))
		self.assertTrue(incident.triaged_at)

	def test_roles_decide_who_may_take_each_transition(self):
		operator, supervisor = make_user([OPERATOR]), make_user([SUPERVISOR])
		incident = make_incident()
		frappe.set_user(operator)
		for meaning in ("Triaged", "Resolved"):
			incident = move_to(frappe.get_doc("Incident", incident.name), meaning)
		with self.assertRaises(NoTransitionError):  # closing is the supervisor's review
			move_to(frappe.get_doc("Incident", incident.name), "Closed")
		frappe.set_user(supervisor)
		incident = move_to(frappe.get_doc("Incident", incident.name), "Closed")
		self.assertEqual(incident.status, "Closed")

	def test_cancelling_a_running_incident_is_for_supervisors_and_calls_units_back(self):
		operator, supervisor = make_user([OPERATOR]), make_user([SUPERVISOR])
		unit = make_unit(make_agency())
		incident = make_incident()
		dispatch = make_dispatch(incident.name, unit=unit)
		frappe.set_user(operator)
		with self.assertRaises(NoTransitionError):
			move_to(frappe.get_doc("Incident", incident.name), "Cancelled")
		frappe.set_user(supervisor)
		move_to(frappe.get_doc("Incident", incident.name), "Cancelled")
		dispatch.reload()
		self.assertEqual(dispatch.status, "Cancelled")
		self.assertIn(incident.name, dispatch.cancel_reason)
		self.assertEqual(dispatch.cancelled_by, supervisor)
		self.assertEqual(frappe.db.get_value("Emergency Unit", unit, "status"), "Available")

	def test_closing_an_incident_clears_its_units(self):
		unit = make_unit(make_agency())
		incident = make_incident()
		dispatch = make_dispatch(incident.name, unit=unit)
		for meaning in ("Resolved", "Closed"):
			incident = move_to(frappe.get_doc("Incident", incident.name), meaning)
		dispatch.reload()
		self.assertEqual(dispatch.status, "Cleared")
		self.assertTrue(dispatch.cleared_at)
		self.assertEqual(frappe.db.get_value("Emergency Unit", unit, "current_incident"), None)

	def test_renamed_state_keeps_the_code_working(self):
		"""An admin renames the "Dispatched" state (Workflow State record): dispatching still moves
		incidents there, by meaning."""
		self.addCleanup(frappe.clear_cache)
		self.addCleanup(frappe.db.rollback)
		waiting = make_incident()  # already in the state being renamed
		make_dispatch(waiting.name, unit=make_unit(make_agency()))
		frappe.rename_doc("Workflow State", "Dispatched", "Unit Meluncur", force=True)
		self.assertEqual(frappe.db.get_value("Incident", waiting.name, "workflow_state"), "Unit Meluncur")

		incident = make_incident()
		make_dispatch(incident.name, unit=make_unit(make_agency()))
		incident.reload()
		self.assertEqual((incident.workflow_state, incident.status), ("Unit Meluncur", "Dispatched"))
		incident = move_to(incident, "On Scene")
		self.assertEqual(incident.status, "On Scene")

	def test_state_replaced_in_the_workflow_editor_keeps_the_code_working(self):
		"""An admin replaces "On Scene" by a new state "Di Lokasi" in the Workflow form."""
		self.addCleanup(frappe.clear_cache)
		self.addCleanup(frappe.db.rollback)
		frappe.get_doc({"doctype": "Workflow State", "workflow_state_name": "Di Lokasi"}).insert()
		workflow = frappe.get_doc("Workflow", "Incident")
		for row in workflow.states:
			if row.state == "On Scene":
				row.state = "Di Lokasi"
		for row in workflow.transitions:
			row.state = "Di Lokasi" if row.state == "On Scene" else row.state
			row.next_state = "Di Lokasi" if row.next_state == "On Scene" else row.next_state
		workflow.save()

		incident = make_incident()
		dispatch = make_dispatch(incident.name, unit=make_unit(make_agency()))
		dispatch.status = "On Scene"
		dispatch.save()
		incident.reload()
		self.assertEqual((incident.workflow_state, incident.status), ("Di Lokasi", "On Scene"))
		self.assertEqual(incident.first_on_scene_at, dispatch.on_scene_at)

	def test_seeding_again_keeps_the_admins_edits(self):
		from ambon_112.dispatch.defaults import seed_incident_workflow

		self.addCleanup(frappe.clear_cache)
		workflow = frappe.get_doc("Workflow", "Incident")
		workflow.transitions = [t for t in workflow.transitions if t.action != "Reopen"]
		workflow.save()
		self.assertFalse(seed_incident_workflow())
		self.assertNotIn("Reopen", {t.action for t in frappe.get_doc("Workflow", "Incident").transitions})
