from frappe.model.document import Document


class TrainingScenarioStep(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		after_seconds: DF.Int
		caller_says: DF.SmallText
		cue: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		rings_new_call: DF.Check
	# end: auto-generated types
	pass
