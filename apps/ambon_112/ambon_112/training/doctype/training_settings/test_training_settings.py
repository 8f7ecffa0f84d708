# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.training.settings import DEFAULTS, SETTINGS, setting, weights


class TestTrainingSettings(FrappeTestCase):
	def test_install_fills_the_defaults(self):
		self.assertEqual(setting("pass_mark"), 70)
		self.assertEqual(setting("annual_target_hours"), 24)
		self.assertEqual(setting("review_share_percent"), 2)
		self.assertEqual(weights()["class"], DEFAULTS["weight_class"])

	def test_a_zero_weight_is_kept_and_an_emptied_one_falls_back(self):
		frappe.db.set_single_value(SETTINGS, "weight_priority", 0)
		self.assertEqual(weights()["priority"], 0)
		frappe.db.sql("delete from `tabSingles` where doctype=%s and field='weight_priority'", SETTINGS)
		self.assertEqual(weights()["priority"], DEFAULTS["weight_priority"])
