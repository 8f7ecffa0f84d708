# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from ambon_112.intake.caller_history import history_key_of
from ambon_112.location import apply_location, has_coordinates
from ambon_112.never_deleted import refuse_deletion


class AMLLocation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ambon_112.intake.doctype.aml_location_warning.aml_location_warning import AMLLocationWarning

		confidence: DF.Int
		decoded_message: DF.Code | None
		device_number: DF.Data | None
		device_number_normalized: DF.Data | None
		emergency_call: DF.Link | None
		emergency_number: DF.Data | None
		has_warnings: DF.Check
		imei: DF.Data | None
		imsi: DF.Data | None
		kelurahan: DF.Link | None
		latitude: DF.Float
		located_at: DF.Datetime | None
		longitude: DF.Float
		mcc: DF.Data | None
		mnc: DF.Data | None
		outside_ambon: DF.Check
		parse_error: DF.SmallText | None
		parse_status: DF.Literal["Parsed", "No Fix", "Unparsable"]
		positioning_method: DF.Literal["", "GNSS", "Wi-Fi", "Cell", "Fused", "Unknown"]
		radius_m: DF.Float
		raw_message: DF.Code | None
		received_at: DF.Datetime
		transport: DF.Literal["SMS", "HTTPS"]
		warnings: DF.Table[AMLLocationWarning]

	# end: auto-generated types
	def validate(self):
		self.normalize_device_number()
		self.find_kelurahan()

	def normalize_device_number(self):
		self.device_number_normalized = history_key_of(self.device_number) if self.device_number else None

	def find_kelurahan(self):
		if has_coordinates(self.latitude, self.longitude):
			apply_location(self)

	def on_trash(self):
		refuse_deletion(self)
