# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document
from frappe.utils import flt, get_datetime, now_datetime

from ambon_112.core.call_states import EMERGENCY
from ambon_112.core.durations import seconds_between
from ambon_112.core.map_pin import pin, point_of
from ambon_112.intake import aml, call_workflow
from ambon_112.intake.caller_history import class_counts, flags_for, normalized_number
from ambon_112.location import apply_location, has_coordinates
from ambon_112.never_deleted import refuse_deletion


class EmergencyCall(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		aml_location: DF.Link | None
		aml_warning: DF.SmallText | None
		answer_delay_seconds: DF.Int
		answered_at: DF.Datetime | None
		call_state: DF.Literal["Ringing", "Answered", "Ended", "Missed"]
		caller_flagged: DF.Check
		caller_name: DF.Data | None
		caller_number: DF.Data | None
		caller_number_invalid: DF.Check
		caller_number_kind: DF.Literal[
			"", "mobile", "landline", "short", "international", "withheld", "invalid"
		]
		caller_number_normalized: DF.Data | None
		caller_watch: DF.Link | None
		channel: DF.Literal["Voice", "SMS", "WhatsApp", "App", "Walk-in"]
		classification: DF.Literal[
			"",
			"Emergency",
			"Information Request",
			"Prank",
			"Ghost / Silent",
			"Dropped",
			"Wrong Number",
			"Test",
		]
		duration_seconds: DF.Int
		ended_at: DF.Datetime | None
		incident: DF.Link | None
		is_exercise: DF.Check
		kelurahan: DF.Link | None
		landmark: DF.Data | None
		latitude: DF.Float
		location_accuracy_m: DF.Float
		location_source: DF.Literal["", "Operator", "AML", "Caller", "Map Pin", "Cell"]
		location_text: DF.SmallText | None
		location_time: DF.Datetime | None
		longitude: DF.Float
		notes: DF.Text | None
		operator: DF.Link | None
		operator_event_at: DF.Datetime | None
		outside_ambon: DF.Check
		received_at: DF.Datetime
		recent_nuisance_calls: DF.Int
		taken_at_position: DF.Link | None
		taken_by: DF.Link | None
		telephony_call_id: DF.Data | None
		transferred_at: DF.Datetime | None
		triage_status: DF.Literal["Pending", "In Triage", "Escalated", "Closed"]
		workflow_state: DF.Link | None
	# end: auto-generated types
	# What a call's timestamps imply: its line state and durations.
	DERIVED_FROM_TIMES = ("call_state", "answer_delay_seconds", "duration_seconds")
	DERIVED_FROM_NUMBER = ("caller_number_normalized", "caller_number_kind", "caller_number_invalid")

	def validate(self):
		self.classify_caller_number()
		self.derive_call_state()
		self.set_durations()
		self.flag_caller()
		self.attach_waiting_aml_report()
		self.follow_map_pin()
		apply_location(self)
		self.set_emergency_class_from_incident()
		call_workflow.sync(self)

	def classify_caller_number(self):
		"""The number stays exactly as received. What derives from it is read once, when it arrives or
		changes, and never taken from a client."""
		before = None if self.is_new() else self.get_doc_before_save()
		if before and before.caller_number == self.caller_number:
			self.update({field: before.get(field) for field in self.DERIVED_FROM_NUMBER})
			return
		number = normalized_number(self.caller_number)
		self.caller_number_normalized = number.history_key
		self.caller_number_kind = number.kind
		self.caller_number_invalid = int(not number.valid)

	def derive_call_state(self):
		"""The line's state follows its timestamps, whatever order the PBX reported them in.

		The timestamps are the PBX's alone (field level 2, written by the 112 Integration role), so
		a PBX call's state cannot be set by hand either: it rings until the PBX says otherwise.
		A call recorded by hand (walk-in, SMS, …) keeps the state its operator gives it.
		"""
		if self.ended_at:
			self.call_state = "Ended" if self.answered_at else "Missed"
		elif self.answered_at:
			self.call_state = "Answered"
		elif self.telephony_call_id:
			self.call_state = "Ringing"

	def set_durations(self):
		received, answered, ended = (
			get_datetime(v) if v else None for v in (self.received_at, self.answered_at, self.ended_at)
		)
		self.answer_delay_seconds = seconds_between(received, answered)
		self.duration_seconds = seconds_between(answered, ended)

	def flag_caller(self):
		"""Watch list and repeated prank calls flag the call when it arrives; nothing is ever dropped."""
		self._caller_counts = None
		if self.is_new() or self.has_value_changed("caller_number_normalized"):
			self._caller_counts = class_counts(self.caller_number_normalized, exclude=self.name)
			self.update(flags_for(self.caller_number_normalized, counts=self._caller_counts))

	def caller_counts(self) -> list:
		"""The caller's other calls by class: as read when this save flagged the number, else now."""
		counts = getattr(self, "_caller_counts", None)
		return class_counts(self.caller_number_normalized, exclude=self.name) if counts is None else counts

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
			self.classification = EMERGENCY

	def apply_pbx_changes(self, changes: dict):
		"""What one PBX event changed (intake/telephony.py). A caller number that arrives late is saved
		in full: flags, history and AML as for a new call. Timestamps alone are written with the state
		and durations they imply, without a full save: no Workflow Action or Version churn for a PBX's
		bookkeeping."""
		self.update(changes)
		if "caller_number" in changes:
			self.save()
			return
		self.check_permission("write")
		self.derive_call_state()
		self.set_durations()
		self.answer_delay_seconds = self.answer_delay_seconds or 0  # Int: 0, as a save stores
		self.duration_seconds = self.duration_seconds or 0
		frappe.db.set_value(
			self.doctype,
			self.name,
			{**changes, **{field: self.get(field) for field in self.DERIVED_FROM_TIMES}},
		)
		self.notify_update()

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
