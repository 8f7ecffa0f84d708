# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document
from frappe.utils import get_datetime

from ambon_112.core import phone
from ambon_112.core.timing import seconds_between
from ambon_112.location import apply_location
from ambon_112.never_deleted import refuse_deletion


class EmergencyCall(Document):
	def validate(self):
		self.classify_caller_number()
		self.derive_call_state()
		self.set_durations()
		apply_location(self)
		self.set_emergency_class_from_incident()

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

	def set_emergency_class_from_incident(self):
		if self.incident and not self.classification:
			self.classification = "Emergency"

	def on_update(self):
		if self.incident and self.has_value_changed("incident"):
			frappe.get_doc("Incident", self.incident).update_reported_at()

	def on_trash(self):
		refuse_deletion(self)
