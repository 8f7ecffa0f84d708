# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ShiftHandover(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ambon_112.operations.doctype.shift_handover_item.shift_handover_item import ShiftHandoverItem

		acknowledged_at: DF.Datetime | None
		acknowledged_by: DF.Link | None
		incoming_supervisor: DF.Link | None
		items: DF.Table[ShiftHandoverItem]
		operators_signed_on: DF.Int
		outgoing_notes: DF.SmallText | None
		outgoing_supervisor: DF.Link | None
		previous_shift_type: DF.Link | None
		shift_date: DF.Date | None
		shift_key: DF.Data | None
		shift_start: DF.Datetime | None
		shift_type: DF.Link | None
		shortfall: DF.Data | None
		staffing_status: DF.Literal["Staffed", "Short"]
		status: DF.Literal["Draft", "Acknowledged"]
		supervisors_signed_on: DF.Int
		title: DF.Data | None
	# end: auto-generated types
	"""Drafted by operations/handover.py; supervisors add the outgoing notes, the incoming supervisor
	acknowledges through ambon_112.api.operations.acknowledge_handover (the level-2 fields)."""
