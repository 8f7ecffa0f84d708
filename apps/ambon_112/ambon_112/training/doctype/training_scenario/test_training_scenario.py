# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import json

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.roles import SUPERVISOR, TRAINER
from ambon_112.tests.utils import make_user
from ambon_112.training.defaults import SCENARIOS


class TestTrainingScenario(FrappeTestCase):
	def test_seeded_scenarios_carry_script_truth_and_expected_outcome(self):
		fire = frappe.get_doc("Training Scenario", "Kebakaran rumah di Batu Merah")
		self.assertEqual(frappe.db.get_value("Ambon Area", fire.kelurahan, "area_name"), "Batu Merah")
		self.assertEqual((fire.expected_incident_type, fire.expected_priority), ("Fire", "P1"))
		self.assertTrue(fire.steps and fire.steps[0].caller_says)
		self.assertEqual(json.loads(fire.expected_triage_answers), {})
		self.assertGreaterEqual(len(SCENARIOS), 20)

	def test_trainers_edit_the_library_and_supervisors_read_it(self):
		self.assertTrue(frappe.has_permission("Training Scenario", "write", user=make_user([TRAINER])))
		supervisor = make_user([SUPERVISOR])
		self.assertTrue(frappe.has_permission("Training Scenario", "read", user=supervisor))
		self.assertFalse(frappe.has_permission("Training Scenario", "write", user=supervisor))
