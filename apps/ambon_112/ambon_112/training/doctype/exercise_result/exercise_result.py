from frappe.model.document import Document


class ExerciseResult(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		call: DF.Link | None
		call_no: DF.Int
		classified_at: DF.Datetime | None
		components: DF.Code | None
		due_at: DF.Datetime | None
		incident: DF.Link | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		passed: DF.Check
		remarks: DF.SmallText | None
		rung_at: DF.Datetime | None
		scenario: DF.Link | None
		scored_at: DF.Datetime | None
		timeline: DF.Code | None
		total_score: DF.Percent
		trainee: DF.Link | None
	# end: auto-generated types
	pass
