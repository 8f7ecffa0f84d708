from frappe.model.document import Document

from ambon_112.core.training_score import checklist_score


class CallReview(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ambon_112.training.doctype.call_review_item.call_review_item import CallReviewItem

		call: DF.Link
		call_date: DF.Date | None
		checklist: DF.Link | None
		comments: DF.Text | None
		items: DF.Table[CallReviewItem]
		operator: DF.Link | None
		reviewer: DF.Link | None
		sample_seed: DF.Data | None
		score: DF.Percent
		status: DF.Literal["Draft", "Done"]

	# end: auto-generated types
	def validate(self):
		self.score = checklist_score([(row.weight or 0, bool(row.met)) for row in self.items])
