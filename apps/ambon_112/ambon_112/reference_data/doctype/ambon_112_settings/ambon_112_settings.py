# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from ambon_112.dispatch.recommend import validate_settings as validate_recommendation_settings


class Ambon112Settings(Document):
	def validate(self):
		validate_recommendation_settings(self)
