# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class RestoreDrill(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ambon_112.continuity.doctype.restore_drill_table.restore_drill_table import RestoreDrillTable

		backup_file: DF.Data | None
		backup_taken_at: DF.Datetime | None
		counting_from: DF.Datetime | None
		differences: DF.SmallText | None
		error: DF.Code | None
		finished_at: DF.Datetime | None
		last_good_at: DF.Datetime | None
		latest: DF.Check
		restore_seconds: DF.Float
		result: DF.Literal["Passed", "Failed"]
		scratch_site: DF.Data | None
		site: DF.Data | None
		started_at: DF.Datetime | None
		tables: DF.Table[RestoreDrillTable]
		with_files: DF.Check
	# end: auto-generated types
	"""The record of one restore drill. One write path: ``continuity.drill`` records it, nobody edits
	it (not even Administrator, whom no permission stops) and nobody deletes it."""

	def validate(self):
		self.refuse_writes_from_outside_the_drill()

	def refuse_writes_from_outside_the_drill(self):
		if not self.flags.recorded_by_drill:
			frappe.throw(_("Restore drills are recorded by the drill only."), frappe.PermissionError)

	def on_trash(self):
		frappe.throw(_("Restore drills are kept."), frappe.PermissionError)
