# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, now_datetime

from ambon_112.core.aml import sms_length_field
from ambon_112.exceptions import RecordNeverDeletedError
from ambon_112.intake.aml import receive_https, receive_sms
from ambon_112.tests.utils import BATU_MERAH, POKA, make_call, random_number


def aml_sms(lat, lng, radius=14, top="20260131171748", method="W") -> str:
	body = (
		f'A"ML=1;lt={lat:+.5f};lg={lng:+.5f};rd={radius};top={top};lc=68;pm={method};'
		"si=510101234567890;ei=35123456789012;mcc=510;mnc=10"
	)
	return body + sms_length_field(body)


class TestAMLLocation(FrappeTestCase):
	def test_a_real_format_sms_is_logged_with_its_kelurahan(self):
		number = random_number()
		result = receive_sms(aml_sms(*BATU_MERAH), number)
		doc = frappe.get_doc("AML Location", result["aml_location"])
		self.assertEqual((doc.parse_status, doc.transport), ("Parsed", "SMS"))
		self.assertEqual(doc.kelurahan, "81.71.02.2003")
		self.assertEqual((doc.radius_m, doc.positioning_method, doc.confidence), (14, "Wi-Fi", 68))
		self.assertEqual(str(doc.located_at), "2026-02-01 02:17:48")  # 17:17:48 UTC in WIT (UTC+9)
		self.assertEqual(doc.device_number_normalized, "+62" + number[1:])

	def test_a_wrong_length_keeps_the_position_and_says_so(self):
		number = random_number()
		call = make_call(caller_number=number)
		text = 'A"ML=1;lt=-3.68220;lg=+128.21229;rd=14;pm=G;ml=999'
		result = receive_sms(text, number)
		doc = frappe.get_doc("AML Location", result["aml_location"])
		self.assertEqual((doc.parse_status, doc.raw_message, doc.has_warnings), ("Parsed", text, 1))
		self.assertEqual([w.code for w in doc.warnings], ["length_mismatch"])
		self.assertEqual(doc.kelurahan, "81.71.02.2003")
		call.reload()
		self.assertEqual((call.aml_location, call.location_source), (doc.name, "AML"))
		self.assertEqual(call.aml_warning, doc.warnings[0].message)

	def test_a_newer_clean_fix_clears_the_warning_on_the_call(self):
		number = random_number()
		call = make_call(caller_number=number)
		receive_sms('A"ML=1;lt=-3.68220;lg=+128.21229;top=20260131171700;pm=G', number)  # no ml
		self.assertTrue(frappe.db.get_value("Emergency Call", call.name, "aml_warning"))
		receive_sms(aml_sms(*POKA, top="20260131171800"), number)
		self.assertIsNone(frappe.db.get_value("Emergency Call", call.name, "aml_warning"))

	def test_a_message_without_a_usable_position_is_kept_raw_and_does_not_raise(self):
		text = 'A"ML=1;lt=-93.68;lg=128.21;rd=14;ml=37'
		result = receive_sms(text, random_number())
		doc = frappe.get_doc("AML Location", result["aml_location"])
		self.assertEqual(doc.parse_status, "Unparsable")
		self.assertEqual(doc.raw_message, text)
		self.assertIn("-93.68", doc.parse_error)
		self.assertFalse(doc.emergency_call)

	def test_no_fix_is_logged_and_attaches_nothing(self):
		number = random_number()
		call = make_call(caller_number=number)
		body = 'A"ML=1;lt=N;lg=N;rd=N;top=20260131171748;lc=N;pm=N;mcc=510;mnc=10'
		result = receive_sms(body + sms_length_field(body), number)
		self.assertEqual(result["parse_status"], "No Fix")
		self.assertFalse(frappe.db.get_value("Emergency Call", call.name, "aml_location"))

	def test_a_fix_is_attached_to_the_call_from_the_same_number_within_the_window(self):
		number = random_number()
		other = make_call(caller_number=random_number())
		call = make_call(caller_number=number)
		result = receive_sms(aml_sms(*POKA, radius=9, method="G"), number)
		self.assertEqual(result["emergency_call"], call.name)
		call.reload()
		self.assertEqual((call.latitude, call.longitude), (round(POKA[0], 5), round(POKA[1], 5)))
		self.assertEqual((call.location_source, call.location_accuracy_m), ("AML", 9))
		self.assertEqual(call.kelurahan, "81.71.04.2002")
		self.assertEqual(call.aml_location, result["aml_location"])
		self.assertTrue(call.location_pin)
		self.assertFalse(frappe.db.get_value("Emergency Call", other.name, "aml_location"))

	def test_a_call_outside_the_window_is_not_matched(self):
		number = random_number()
		call = make_call(caller_number=number, received_at=add_to_date(now_datetime(), minutes=-11))
		result = receive_sms(aml_sms(*BATU_MERAH), number)
		self.assertIsNone(result["emergency_call"])
		frappe.db.set_single_value("Ambon 112 Settings", "aml_match_window_minutes", 15)
		frappe.clear_document_cache("Ambon 112 Settings", "Ambon 112 Settings")
		result = receive_sms(aml_sms(*BATU_MERAH), number)
		self.assertEqual(result["emergency_call"], call.name)

	def test_a_report_that_arrives_before_its_call_waits_for_it(self):
		number = random_number()
		early = receive_https(
			{"v": "3", "device_number": number, "location_latitude": BATU_MERAH[0], "location_longitude": BATU_MERAH[1],
			 "location_accuracy": "20", "location_source": "WIFI"},
			"raw",
		)  # fmt: skip
		self.assertIsNone(early["emergency_call"])
		call = make_call(caller_number=number)
		self.assertEqual(call.aml_location, early["aml_location"])
		self.assertEqual((call.kelurahan, call.location_source), ("81.71.02.2003", "AML"))
		self.assertEqual(
			frappe.db.get_value("AML Location", early["aml_location"], "emergency_call"), call.name
		)

	def test_the_operators_own_location_is_never_overwritten(self):
		number = random_number()
		call = make_call(
			caller_number=number, latitude=POKA[0], longitude=POKA[1], location_source="Operator"
		)
		result = receive_sms(aml_sms(*BATU_MERAH), number)
		call.reload()
		self.assertEqual((call.kelurahan, call.location_source), ("81.71.04.2002", "Operator"))
		self.assertEqual(call.aml_location, result["aml_location"])  # linked for the operator to compare

	def test_a_newer_fix_replaces_an_older_one_but_not_the_reverse(self):
		number = random_number()
		call = make_call(caller_number=number)
		receive_sms(aml_sms(*POKA, top="20260131171800"), number)
		receive_sms(aml_sms(*BATU_MERAH, top="20260131171700"), number)  # older: ignored
		self.assertEqual(frappe.db.get_value("Emergency Call", call.name, "kelurahan"), "81.71.04.2002")
		receive_sms(aml_sms(*BATU_MERAH, top="20260131171900"), number)
		self.assertEqual(frappe.db.get_value("Emergency Call", call.name, "kelurahan"), "81.71.02.2003")

	def test_logs_are_never_deleted(self):
		result = receive_sms("nonsense", random_number())
		with self.assertRaises(RecordNeverDeletedError):
			frappe.delete_doc("AML Location", result["aml_location"], ignore_permissions=True)
