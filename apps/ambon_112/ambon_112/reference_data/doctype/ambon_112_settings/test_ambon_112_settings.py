# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.core import geo, phone
from ambon_112.core.ranking import DEFAULT_PER_AGENCY_TYPE, RankingSettings
from ambon_112.dispatch.recommend import per_agency_type, ranking_settings
from ambon_112.intake.caller_history import history_key_of
from ambon_112.location import find_area, outside_margin_m
from ambon_112.settings import DEFAULTS, SETTINGS, setting
from ambon_112.setup.install import seed_editable_defaults


def forget(*fields):
	"""As on a site where these settings were never saved."""
	frappe.db.delete("Singles", {"doctype": SETTINGS, "field": ("in", fields)})
	frappe.clear_document_cache(SETTINGS, SETTINGS)


def stored(field):
	return frappe.db.get_singles_dict(SETTINGS).get(field)


class TestAmbon112Settings(FrappeTestCase):
	def test_outside_margin_is_configurable(self):
		# 0.7 km off Latuhalat's southern coast: inside the default 3 km margin, outside a 500 m one.
		point = (-3.80, 128.09)
		settings = frappe.get_single("Ambon 112 Settings")
		self.assertEqual(settings.outside_ambon_margin_m, 3000)
		near = find_area(*point)
		settings.outside_ambon_margin_m = 500
		settings.save()
		far = find_area(*point)
		self.assertEqual((near.outside_ambon, near.code), (False, "81.71.01.2001"))
		self.assertTrue(far.outside_ambon)

	def test_every_unset_setting_reads_the_cores_default(self):
		forget(*DEFAULTS)
		self.assertEqual({field: setting(field) for field in DEFAULTS}, DEFAULTS)
		self.assertEqual(ranking_settings(), RankingSettings())
		self.assertEqual(per_agency_type(), DEFAULT_PER_AGENCY_TYPE)
		self.assertEqual(outside_margin_m(), geo.DEFAULT_OUTSIDE_MARGIN_M)
		self.assertEqual(history_key_of("355 123"), phone.normalize("0911355123").history_key)

	def test_migrate_stores_the_defaults_and_keeps_an_admins_zero(self):
		forget(*DEFAULTS)
		frappe.db.set_single_value(
			SETTINGS, {"stale_position_penalty_minutes": 0, "nuisance_call_threshold": 0, "road_factor": 0}
		)
		seed_editable_defaults()
		self.assertEqual(stored("stale_position_penalty_minutes"), "0")  # no penalty: an admin's choice
		self.assertEqual(stored("nuisance_call_threshold"), "0")  # the prank flag switched off
		self.assertEqual(float(stored("road_factor")), RankingSettings().road_factor)  # 0 cannot be meant
		self.assertEqual(stored("default_area_code"), phone.AMBON_AREA_CODE)
		self.assertEqual(ranking_settings().stale_penalty_minutes, 0)
