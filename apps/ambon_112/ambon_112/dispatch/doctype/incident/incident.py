# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from ambon_112.core.incident_states import INCIDENT_MILESTONES, incident_milestones_due
from ambon_112.dispatch.incident_progress import release_dispatches
from ambon_112.dispatch.notify import publish_board_change
from ambon_112.exceptions import DuplicateIncidentError
from ambon_112.intake.triage_questions import apply_to_incident as apply_triage_answers
from ambon_112.location import apply_location
from ambon_112.never_deleted import refuse_deletion
from ambon_112.workflows import sync_meaning


class Incident(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ambon_112.dispatch.doctype.incident_agency.incident_agency import IncidentAgency
		from ambon_112.intake.doctype.incident_triage_answer.incident_triage_answer import (
			IncidentTriageAnswer,
		)
		from ambon_112.reference_data.doctype.incident_type_agency_type.incident_type_agency_type import (
			IncidentTypeAgencyType,
		)

		agencies: DF.TableMultiSelect[IncidentAgency]
		casualties_dead: DF.Int
		casualties_injured: DF.Int
		casualties_missing: DF.Int
		closed_at: DF.Datetime | None
		description: DF.Text | None
		duplicate_of: DF.Link | None
		first_acknowledged_at: DF.Datetime | None
		first_dispatch_at: DF.Datetime | None
		first_en_route_at: DF.Datetime | None
		first_on_scene_at: DF.Datetime | None
		hazards: DF.SmallText | None
		incident_type: DF.Link
		is_exercise: DF.Check
		kecamatan: DF.Link | None
		kelurahan: DF.Link | None
		landmark: DF.Data | None
		latitude: DF.Float
		location_accuracy_m: DF.Float
		location_text: DF.SmallText | None
		longitude: DF.Float
		outcome: DF.Literal[
			"",
			"Resolved on Scene",
			"Transported to Hospital",
			"Referred to Another Service",
			"False Alarm",
			"Not Found",
			"Cancelled by Caller",
			"Duplicate",
			"Other",
		]
		outside_ambon: DF.Check
		people_affected: DF.Int
		priority: DF.Literal["", "P1", "P2", "P3", "P4"]
		reported_at: DF.Datetime | None
		resolution: DF.Text | None
		resolved_at: DF.Datetime | None
		share_caller_data: DF.Check
		status: DF.Literal[
			"New",
			"Triaged",
			"Dispatched",
			"On Scene",
			"Resolved",
			"Closed",
			"Cancelled",
			"Duplicate",
			"False Alarm",
		]
		title: DF.Data
		triage_agency_types: DF.TableMultiSelect[IncidentTypeAgencyType]
		triage_answers: DF.Table[IncidentTriageAnswer]
		triage_priority: DF.Literal["", "P1", "P2", "P3", "P4"]
		triage_reasons: DF.SmallText | None
		triaged_at: DF.Datetime | None
		workflow_state: DF.Link | None

	# end: auto-generated types
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
