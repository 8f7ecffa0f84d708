from frappe.model.document import Document


class CallReviewChecklist(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ambon_112.training.doctype.call_review_checklist_item.call_review_checklist_item import (
			CallReviewChecklistItem,
		)

		checklist_name: DF.Data
		is_default: DF.Check
		items: DF.Table[CallReviewChecklistItem]
	# end: auto-generated types
	pass
