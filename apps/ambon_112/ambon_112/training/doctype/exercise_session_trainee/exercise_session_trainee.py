from frappe.model.document import Document


class ExerciseSessionTrainee(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		paused: DF.Check
		paused_by_call: DF.Link | None
		paused_seconds: DF.Float
		paused_since: DF.Datetime | None
		trainee: DF.Link
	# end: auto-generated types
	pass
