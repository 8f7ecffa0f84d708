# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import get_datetime, now_datetime

from ambon_112.core.incident_states import (
	DISPATCH_ACTIVE,
	DISPATCH_STAMPS,
	INCIDENT_FIRSTS,
	UNIT_STATUS_FOR_DISPATCH,
	dispatch_transition_allowed,
)
from ambon_112.dispatch.incident_progress import advance_incident
from ambon_112.dispatch.notify import notify_agency
from ambon_112.exceptions import InvalidStatusTransitionError, UnitAgencyMismatchError, UnitNotAvailableError
from ambon_112.never_deleted import refuse_deletion
from ambon_112.training.guard import hidden_from_agencies


class Dispatch(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		acknowledged_at: DF.Datetime | None
		acknowledged_by: DF.Link | None
		agency: DF.Link
		agency_notes: DF.SmallText | None
		cancel_reason: DF.SmallText | None
		cancelled_at: DF.Datetime | None
		cancelled_by: DF.Link | None
		cleared_at: DF.Datetime | None
		cleared_by: DF.Link | None
		dispatched_at: DF.Datetime | None
		dispatched_by: DF.Link | None
		en_route_at: DF.Datetime | None
		en_route_by: DF.Link | None
		hidden_from_agencies: DF.Check
		incident: DF.Link
		incident_type: DF.Link | None
		instructions: DF.SmallText | None
		is_exercise: DF.Check
		kelurahan: DF.Link | None
		need_more_units: DF.Check
		on_scene_at: DF.Datetime | None
		on_scene_by: DF.Link | None
		priority: DF.Data | None
		status: DF.Literal["Dispatched", "Acknowledged", "En Route", "On Scene", "Cleared", "Cancelled"]
		unit: DF.Link | None

	# end: auto-generated types
	def validate(self):
		self.set_agency_from_unit()
		self.validate_transition()
		self.stamp_status()
		self.decide_agency_visibility()

	def before_insert(self):
		self.lock_unit()

	def set_agency_from_unit(self):
		if not self.unit:
			return
		unit_agency = frappe.db.get_value("Emergency Unit", self.unit, "agency")
		if self.agency and self.agency != unit_agency:
			frappe.throw(
				_("Unit {0} belongs to {1}, not to {2}.").format(self.unit, unit_agency, self.agency),
				UnitAgencyMismatchError,
			)
		self.agency = unit_agency

	def lock_unit(self):
		"""Take the unit's row lock so two dispatchers can never send one unit to two places."""
		if not self.unit:
			return
		unit = frappe.db.get_value(
			"Emergency Unit",
			self.unit,
			["status", "is_active", "current_dispatch"],
			as_dict=True,
			for_update=True,
		)
		if not unit.is_active or unit.status != "Available":
			frappe.throw(
				_("Unit {0} is not available (status: {1}).").format(self.unit, _(unit.status)),
				UnitNotAvailableError,
				title=_("Unit Not Available"),
			)

	def validate_transition(self):
		previous = None if self.is_new() else self.get_doc_before_save().status
		if not dispatch_transition_allowed(previous, self.status):
			frappe.throw(
				_("A dispatch cannot go from {0} to {1}.").format(_(previous or "-"), _(self.status)),
				InvalidStatusTransitionError,
				title=_("Invalid Status Change"),
			)

	def stamp_status(self):
		if not (self.is_new() or self.has_value_changed("status")):
			return
		at_field, by_field = DISPATCH_STAMPS[self.status]
		# stamp_at: a press delivered late, its time checked by dispatch.status.move (never a field).
		self.set(at_field, self.flags.stamp_at or now_datetime())
		self.set(by_field, frappe.session.user)

	def decide_agency_visibility(self):
		"""Whether the agency may see this dispatch, decided once from the database at its creation (a
		drill's session without Notify Agencies hides it) and never changed after: the agency scope in
		ambon_112.permissions reads the stored flag. Set in validate, after Frappe reset the permlevel
		fields a user may not write."""
		if self.is_new():
			self.hidden_from_agencies = int(hidden_from_agencies(self))
		else:
			self.hidden_from_agencies = self.get_doc_before_save().hidden_from_agencies

	def on_update(self):
		if self.is_new() or self.has_value_changed("status"):
			self.update_unit()
			self.update_incident()
			advance_incident(self)

	def after_insert(self):
		notify_agency(self)

	def update_unit(self):
		if not self.unit:
			return
		active = self.status in DISPATCH_ACTIVE
		# Locking reads, here and for the incident: under REPEATABLE READ a plain read returns this
		# transaction's old snapshot, missing what a concurrent dispatcher committed meanwhile.
		unit = frappe.get_doc("Emergency Unit", self.unit, for_update=True)
		if not active and unit.current_dispatch and unit.current_dispatch != self.name:
			return  # the unit has moved on to another dispatch already
		unit.status = UNIT_STATUS_FOR_DISPATCH[self.status]
		unit.current_dispatch = self.name if active else None
		unit.current_incident = self.incident if active else None
		unit.flags.ignore_permissions = True
		unit.save()

	def update_incident(self):
		incident = frappe.get_doc("Incident", self.incident, for_update=True)
		changed = False
		first_field = INCIDENT_FIRSTS.get(self.status)
		stamp = self.get(DISPATCH_STAMPS[self.status][0])
		# A press delivered late may be earlier than another unit's that arrived first.
		if first_field and (
			not incident.get(first_field) or get_datetime(stamp) < get_datetime(incident.get(first_field))
		):
			incident.set(first_field, stamp)
			changed = True
		if self.agency not in {row.agency for row in incident.agencies}:
			incident.append("agencies", {"agency": self.agency})
			changed = True
		if changed:
			incident.flags.ignore_permissions = True
			incident.save()

	def on_trash(self):
		refuse_deletion(self)
