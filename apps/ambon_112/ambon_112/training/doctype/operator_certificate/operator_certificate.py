from frappe.model.document import Document

from ambon_112.training.certificates import rearm


class OperatorCertificate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		certificate: DF.Data
		expires_on: DF.Date
		issued_on: DF.Date | None
		operator: DF.Link
		reminded_on: DF.Date | None
		supervisor: DF.Link | None

	# end: auto-generated types
	def validate(self):
		rearm(self)
