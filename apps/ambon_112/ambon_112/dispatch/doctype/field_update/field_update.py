# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

"""One update a crew sent from the field (portal or SMS), applied once: its client id is unique."""

from frappe.model.document import Document

from ambon_112.never_deleted import refuse_deletion


class FieldUpdate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		accuracy: DF.Float
		client_id: DF.Data
		delivered_late: DF.Check
		dispatch: DF.Link | None
		file: DF.Data | None
		kind: DF.Literal["Status", "Need More Units", "Note", "Position", "Photo"]
		latitude: DF.Float
		longitude: DF.Float
		message: DF.SmallText | None
		notes: DF.SmallText | None
		outcome: DF.Literal["Applied", "Already Recorded", "Kept as Note", "Refused"]
		pressed_at: DF.Datetime | None
		received_at: DF.Datetime | None
		sender_number: DF.Data | None
		source: DF.Literal["Portal", "SMS"]
		status: DF.Data | None
		user: DF.Link | None
	# end: auto-generated types

	def on_trash(self):
		refuse_deletion(self)
