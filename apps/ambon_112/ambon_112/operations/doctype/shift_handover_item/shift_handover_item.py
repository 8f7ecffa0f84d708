# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ShiftHandoverItem(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		age_minutes: DF.Int
		description: DF.Data | None
		item_since: DF.Datetime | None
		item_status: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		reference_doctype: DF.Link | None
		reference_name: DF.DynamicLink | None
		section: DF.Literal[
			"Open Incident", "Dispatch Out", "Unacknowledged Escalation", "Watch List Change", "Notable Event"
		]
	# end: auto-generated types
	pass
