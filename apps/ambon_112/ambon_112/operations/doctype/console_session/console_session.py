# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class ConsoleSession(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		end_reason: DF.Literal["", "Signed Off", "Moved", "Ended After Shift"]
		lost_count: DF.Int
		lost_seconds: DF.Int
		position: DF.Link | None
		shift_date: DF.Date | None
		shift_ends_at: DF.Datetime | None
		shift_type: DF.Link | None
		signed_off_at: DF.Datetime | None
		signed_on_at: DF.Datetime | None
		user: DF.Link | None
	# end: auto-generated types
	pass
