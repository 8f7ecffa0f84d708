# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime

from ambon_112.exceptions import InvalidCoordinateError, RecordNeverDeletedError
from ambon_112.tests.utils import BATU_MERAH, NATSEPA, make_call, make_incident


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
