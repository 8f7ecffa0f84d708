# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class DutyShift(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		description: DF.SmallText | None
		end_time: DF.Time
		is_active: DF.Check
		shift_type_name: DF.Data
		start_time: DF.Time
	# end: auto-generated types
	pass
