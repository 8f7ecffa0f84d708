# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt
"""The text of the public page /112; admins edit it, the page prints it after cleaning."""

from frappe.model.document import Document

from ambon_112.reporting.rich_text import clean

SECTIONS = (
	"intro",
	"when_to_call",
	"when_not_to_call",
	"operator_questions",
	"location_help",
	"free_24h",
	"prank_calls",
	"agencies",
)


class Public112Page(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		agencies: DF.TextEditor | None
		free_24h: DF.TextEditor | None
		intro: DF.TextEditor | None
		is_published: DF.Check
		location_help: DF.TextEditor | None
		operator_questions: DF.TextEditor | None
		prank_calls: DF.TextEditor | None
		when_not_to_call: DF.TextEditor | None
		when_to_call: DF.TextEditor | None

	# end: auto-generated types
	def validate(self):
		self.clean_sections()

	def clean_sections(self):
		for fieldname in SECTIONS:
			self.set(fieldname, clean(self.get(fieldname)))
