# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from ambon_112.dispatch.recommend import validate_settings as validate_recommendation_settings


class Ambon112Settings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		aml_match_window_minutes: DF.Int
		aml_secret: DF.Password | None
		aml_strict_parsing: DF.Check
		average_speed_kmh: DF.Float
		backup_interval_hours: DF.Int
		callback_max_attempts: DF.Int
		default_area_code: DF.Data | None
		duplicate_radius_m: DF.Float
		duplicate_window_minutes: DF.Int
		min_operators_per_shift: DF.Int
		min_supervisors_per_shift: DF.Int
		nuisance_call_threshold: DF.Int
		nuisance_lookback_days: DF.Int
		outside_ambon_margin_m: DF.Float
		portal_clock_skew_seconds: DF.Int
		portal_photo_max_kb: DF.Int
		recommendations_per_agency_type: DF.Int
		road_factor: DF.Float
		seeded_triage_questions: DF.SmallText | None
		sign_off_grace_minutes: DF.Int
		sms_gateway_number: DF.Data | None
		stale_position_minutes: DF.Float
		stale_position_penalty_minutes: DF.Float
		telephony_secret: DF.Password | None
		watch_max_days: DF.Int

	# end: auto-generated types
	def validate(self):
		validate_recommendation_settings(self)
