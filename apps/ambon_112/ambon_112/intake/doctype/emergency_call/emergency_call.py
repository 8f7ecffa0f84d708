# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document
from frappe.utils import flt, get_datetime, now_datetime

from ambon_112.core import phone
from ambon_112.core.map_pin import pin, point_of
from ambon_112.core.timing import seconds_between
from ambon_112.intake import aml, call_triage
from ambon_112.intake.caller_history import class_counts, flags_for
from ambon_112.location import apply_location, has_coordinates
from ambon_112.never_deleted import refuse_deletion


class EmergencyCall(Document):
	def validate(self):
		self.classify_caller_number()
		self.derive_call_state()
		self.set_durations()
		self.flag_caller()
		self.attach_waiting_aml_report()
		self.follow_map_pin()
		apply_location(self)
		self.set_emergency_class_from_incident()
		call_triage.sync(self)

	def classify_caller_number(self):
		settings_code = frappe.db.get_single_value("Ambon 112 Settings", "default_area_code")
		number = phone.normalize(self.caller_number, settings_code or phone.AMBON_AREA_CODE)
		# The number stays exactly as received; only the derived fields change.
		self.caller_number_normalized = number.history_key
		self.caller_number_kind = number.kind
		self.caller_number_invalid = int(not number.valid)

	def derive_call_state(self):
		"""The line's state follows its timestamps, whatever order the PBX reported them in."""
		if self.ended_at:
			self.call_state = "Ended" if self.answered_at else "Missed"
		elif self.answered_at:
			self.call_state = "Answered"

	def set_durations(self):
		received, answered, ended = (
			get_datetime(v) if v else None for v in (self.received_at, self.answered_at, self.ended_at)
		)
		self.answer_delay_seconds = seconds_between(received, answered)
		self.duration_seconds = seconds_between(answered, ended)

	def flag_caller(self):
		"""Watch list and repeated prank calls flag the call when it arrives; nothing is ever dropped."""
		if self.is_new() or self.has_value_changed("caller_number_normalized"):
			# Kept on the flags: the operator's pop-up shows the same history without asking again.
			self.flags.caller_counts = class_counts(self.caller_number_normalized, exclude=self.name)
			self.update(flags_for(self.caller_number_normalized, counts=self.flags.caller_counts))

	def attach_waiting_aml_report(self):
		"""An AML report may arrive before the PBX's event: it waits for this call."""
		if self.aml_location or not (self.is_new() or self.has_value_changed("caller_number_normalized")):
			return
		report = aml.waiting_report(self)
		if report and aml.apply_report(self, report):
			self.flags.claimed_aml_report = report.name

	def follow_map_pin(self):
		"""A pin dropped on the map sets the coordinates; coordinates from elsewhere move the pin."""
		point = point_of(self.location_pin)
		coordinates = (flt(self.latitude), flt(self.longitude))
		if point and self.has_value_changed("location_pin"):
			if point != coordinates or self.location_source != "Map Pin":
				self.latitude, self.longitude = point
				self.location_source = "Map Pin"
				self.location_time = now_datetime()
				self.location_accuracy_m = 0
		elif has_coordinates(self.latitude, self.longitude):
			if point != coordinates:
				self.location_pin = pin(*coordinates)
		elif self.location_pin and not point:
			self.location_pin = None

	def set_emergency_class_from_incident(self):
		if self.incident and not self.classification:
			self.classification = "Emergency"

	def on_update(self):
		if self.incident and self.has_value_changed("incident"):
			frappe.get_doc("Incident", self.incident).update_reported_at()
		if self.flags.claimed_aml_report:
			frappe.db.set_value(
				"AML Location",
				self.flags.claimed_aml_report,
				"emergency_call",
				self.name,
				update_modified=False,
			)

	def on_trash(self):
		refuse_deletion(self)
