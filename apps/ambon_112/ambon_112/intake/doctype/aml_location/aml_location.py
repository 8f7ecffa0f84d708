# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from ambon_112.intake.caller_history import history_key_of
from ambon_112.location import apply_location, has_coordinates
from ambon_112.never_deleted import refuse_deletion


class AMLLocation(Document):
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
