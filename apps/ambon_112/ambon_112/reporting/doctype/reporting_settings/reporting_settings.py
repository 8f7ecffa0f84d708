# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt
from frappe.model.document import Document


class ReportingSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		export_salt: DF.Password | None
		monthly_report_recipients: DF.SmallText | None
	# end: auto-generated types
	pass
