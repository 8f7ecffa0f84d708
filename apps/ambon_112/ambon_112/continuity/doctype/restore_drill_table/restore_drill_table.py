# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

from frappe.model.document import Document


class RestoreDrillTable(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		doctype_name: DF.Data | None
		matches: DF.Check
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		restored_checksum: DF.Data | None
		restored_count: DF.Int
		restored_files_on_disk: DF.Int
		source_checksum: DF.Data | None
		source_count: DF.Int
		source_files_on_disk: DF.Int
	# end: auto-generated types
	pass
