from frappe.model.document import Document


class TrainingSettings(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		annual_target_hours: DF.Float
		certificate_reminder_days: DF.Int
		pass_mark: DF.Percent
		review_seed_secret: DF.Data | None
		review_share_percent: DF.Float
		weight_agencies: DF.Float
		weight_answer: DF.Float
		weight_class: DF.Float
		weight_classify_time: DF.Float
		weight_dispatch_time: DF.Float
		weight_duplicate: DF.Float
		weight_incident_type: DF.Float
		weight_location: DF.Float
		weight_priority: DF.Float
		weight_triage: DF.Float
	# end: auto-generated types
	pass
