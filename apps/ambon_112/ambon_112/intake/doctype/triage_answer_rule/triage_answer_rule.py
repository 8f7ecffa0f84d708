# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class TriageAnswerRule(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		add_agency_type: DF.Link | None
		answer: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		priority_at_least: DF.Literal["", "P1", "P2", "P3", "P4"]
		priority_change: DF.Int
	# end: auto-generated types
	pass
