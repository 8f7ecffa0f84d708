# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from ambon_112.core.flows import INCIDENT_MILESTONES, incident_milestones_due
from ambon_112.dispatch.incident_flow import release_dispatches
from ambon_112.dispatch.notify import publish_board_change
from ambon_112.exceptions import DuplicateIncidentError
from ambon_112.intake.triage import apply_to_incident as apply_triage_answers
from ambon_112.location import apply_location
from ambon_112.never_deleted import refuse_deletion
from ambon_112.workflows import sync_meaning


class Incident(Document):
	def validate(self):
		sync_meaning(self)
		self.set_default_priority()
		self.set_reported_at()
		apply_location(self)
		self.set_kecamatan()
		self.validate_duplicate_of()
		self.stamp_milestones()
		apply_triage_answers(self)

	def set_default_priority(self):
		if not self.priority and self.incident_type:
			self.priority = frappe.db.get_value("Incident Type", self.incident_type, "default_priority")

	def set_reported_at(self):
		if not self.reported_at:
			self.reported_at = now_datetime()

	def set_kecamatan(self):
		if not self.kelurahan:
			self.kecamatan = None
			return
		area = frappe.db.get_value("Ambon Area", self.kelurahan, ["level", "parent_ambon_area"], as_dict=True)
		self.kecamatan = self.kelurahan if area.level == "Kecamatan" else area.parent_ambon_area

	def validate_duplicate_of(self):
		if self.status != "Duplicate":
			return
		if not self.duplicate_of or self.duplicate_of == self.name:
			frappe.throw(
				_("Name the incident this one duplicates (another incident)."),
				DuplicateIncidentError,
				title=_("Duplicate Of Missing"),
			)

	def stamp_milestones(self):
		stamped = {field for field in INCIDENT_MILESTONES.values() if self.get(field)}
		for field in incident_milestones_due(self.status, stamped):
			self.set(field, now_datetime())

	def update_reported_at(self):
		"""The incident was reported when its first call was received."""
		first = frappe.db.get_value(
			"Emergency Call", {"incident": self.name}, "min(received_at)", order_by=None
		)
		if first and (not self.reported_at or first < frappe.utils.get_datetime(self.reported_at)):
			self.db_set("reported_at", first)

	def on_update(self):
		release_dispatches(self)
		publish_board_change(self)

	def on_trash(self):
		refuse_deletion(self)
