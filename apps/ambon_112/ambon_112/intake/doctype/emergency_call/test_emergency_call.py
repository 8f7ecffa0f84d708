# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime
from freezegun import freeze_time

from ambon_112.core.map_pin import pin, point_of
from ambon_112.exceptions import InvalidCoordinateError, RecordNeverDeletedError
from ambon_112.tests.utils import BATU_MERAH, NATSEPA, POKA, make_call, make_incident, random_number
from ambon_112.workflows import states_meaning


class TestEmergencyCall(FrappeTestCase):
	def test_name_carries_the_year(self):
		call = make_call()
		self.assertRegex(call.name, rf"^CALL-{now_datetime().year}-\d{{5}}$")

	def test_valid_number_is_normalised_and_kept_as_received(self):
		call = make_call(caller_number="0812-4355-1234")
		self.assertEqual(call.caller_number, "0812-4355-1234")
		self.assertEqual(call.caller_number_normalized, "+6281243551234")
		self.assertEqual(call.caller_number_kind, "mobile")
		self.assertFalse(call.caller_number_invalid)

	def test_malformed_number_is_kept_as_typed_and_flagged(self):
		call = make_call(caller_number="0812-ABC")
		self.assertEqual(call.caller_number, "0812-ABC")
		self.assertTrue(call.caller_number_invalid)
		self.assertEqual(call.caller_number_kind, "invalid")

	def test_the_number_is_read_once_when_it_arrives(self):
		call = make_call(caller_number="355 123")  # a landline: the settings' area code completes it
		self.assertEqual(call.caller_number_normalized, "+62911355123")
		frappe.db.set_single_value("Ambon 112 Settings", "default_area_code", "910")
		frappe.clear_document_cache("Ambon 112 Settings", "Ambon 112 Settings")
		call.notes = "ditelepon balik"
		call.caller_number_normalized = "+6281299999999"  # derived: never taken from a client
		call.save()
		self.assertEqual(call.caller_number_normalized, "+62911355123")  # the call keeps its caller
		call.caller_number = "355 124"
		call.save()
		self.assertEqual(call.caller_number_normalized, "+62910355124")

	def test_answer_delay_is_derived_and_state_follows_timestamps(self):
		received = now_datetime()
		call = make_call(received_at=received, answered_at=add_to_date(received, seconds=13))
		self.assertEqual(call.answer_delay_seconds, 13)
		self.assertEqual(call.call_state, "Answered")
		call.ended_at = add_to_date(received, seconds=73)
		call.save()
		self.assertEqual(call.call_state, "Ended")
		self.assertEqual(call.duration_seconds, 60)

	def test_call_that_ended_unanswered_is_missed(self):
		received = now_datetime()
		call = make_call(received_at=received, ended_at=add_to_date(received, seconds=30))
		self.assertEqual(call.call_state, "Missed")

	def test_coordinates_find_the_kelurahan(self):
		call = make_call(latitude=BATU_MERAH[0], longitude=BATU_MERAH[1])
		self.assertEqual(call.kelurahan, "81.71.02.2003")
		self.assertFalse(call.outside_ambon)

	def test_point_outside_ambon_is_accepted_but_flagged(self):
		call = make_call(latitude=NATSEPA[0], longitude=NATSEPA[1])
		self.assertTrue(call.outside_ambon)
		self.assertFalse(call.kelurahan)

	def test_impossible_coordinates_are_refused_and_nothing_is_written(self):
		before = frappe.db.count("Emergency Call")
		for lat, lng in ((91, 128.2), (-3.7, 181), (-90.5, 0.1)):
			with self.assertRaises(InvalidCoordinateError):
				make_call(latitude=lat, longitude=lng)
		self.assertEqual(frappe.db.count("Emergency Call"), before)

	def test_linking_an_incident_makes_it_an_emergency_and_dates_the_incident(self):
		incident = make_incident()
		received = add_to_date(now_datetime(), minutes=-20)
		make_call(incident=incident.name, received_at=received)
		self.assertEqual(
			frappe.db.get_value("Emergency Call", {"incident": incident.name}, "classification"), "Emergency"
		)
		self.assertEqual(frappe.db.get_value("Incident", incident.name, "reported_at"), received)

	def test_nobody_deletes_a_call_not_even_administrator(self):
		call = make_call(classification="Prank")
		with self.assertRaises(RecordNeverDeletedError):
			frappe.delete_doc("Emergency Call", call.name, ignore_permissions=True)
		self.assertTrue(frappe.db.exists("Emergency Call", call.name))


class TestEmergencyCallIntake(FrappeTestCase):
	"""Triage state, map pin, caller flags."""

	def test_a_new_call_awaits_triage_by_meaning(self):
		call = make_call()
		self.assertEqual(call.triage_status, "Pending")
		self.assertIn(call.workflow_state, states_meaning("Emergency Call", "Pending"))

	def test_a_map_pin_sets_the_coordinates_and_the_kelurahan(self):
		call = make_call(location_pin=pin(*POKA))
		self.assertEqual((call.latitude, call.longitude), POKA)
		self.assertEqual((call.kelurahan, call.location_source), ("81.71.04.2002", "Map Pin"))
		call.location_pin = pin(*BATU_MERAH)
		call.save()
		self.assertEqual(call.kelurahan, "81.71.02.2003")

	def test_typed_coordinates_move_the_pin(self):
		call = make_call(latitude=POKA[0], longitude=POKA[1], location_source="Caller")
		self.assertEqual(point_of(call.location_pin), POKA)
		call.latitude, call.longitude = BATU_MERAH
		call.save()
		self.assertEqual(point_of(call.location_pin), BATU_MERAH)
		self.assertEqual(call.location_source, "Caller")

	def test_kelurahan_and_landmark_without_coordinates(self):
		call = make_call(kelurahan="81.71.05.2007", landmark="Depan Gereja Silo")
		self.assertEqual(
			(call.kelurahan, call.landmark, call.location_pin), ("81.71.05.2007", "Depan Gereja Silo", None)
		)

	def test_repeated_prank_or_silent_calls_flag_the_number_and_nothing_more(self):
		number = random_number()
		for classification in ("Prank", "Ghost / Silent"):
			self.assertFalse(make_call(caller_number=number, classification=classification).caller_flagged)
		third = make_call(caller_number=number, classification="Prank")
		self.assertFalse(third.caller_flagged)  # two earlier nuisance calls: below the threshold of 3
		fourth = make_call(caller_number=number)
		self.assertTrue(fourth.caller_flagged)
		self.assertEqual(fourth.recent_nuisance_calls, 3)
		self.assertEqual(
			frappe.db.count("Emergency Call", {"caller_number_normalized": fourth.caller_number_normalized}),
			4,
		)

	def test_the_nuisance_threshold_and_period_are_settings(self):
		number = random_number()
		make_call(caller_number=number, classification="Prank")
		frappe.db.set_single_value("Ambon 112 Settings", "nuisance_call_threshold", 1)
		frappe.clear_document_cache("Ambon 112 Settings", "Ambon 112 Settings")
		self.assertTrue(make_call(caller_number=number).caller_flagged)
		with freeze_time(add_to_date(now_datetime(), days=31)):
			self.assertFalse(make_call(caller_number=number).caller_flagged)
		frappe.db.set_single_value("Ambon 112 Settings", "nuisance_call_threshold", 0)  # switched off
		frappe.clear_document_cache("Ambon 112 Settings", "Ambon 112 Settings")
		self.assertFalse(make_call(caller_number=number).caller_flagged)

	def test_withheld_callers_share_no_history(self):
		make_call(caller_number="anonymous", classification="Prank")
		make_call(caller_number="anonymous", classification="Prank")
		make_call(caller_number="anonymous", classification="Prank")
		self.assertFalse(make_call(caller_number="anonymous").caller_flagged)
