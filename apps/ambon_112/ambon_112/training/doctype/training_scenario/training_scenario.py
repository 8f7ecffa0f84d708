from frappe.model.document import Document


class TrainingScenario(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ambon_112.training.doctype.training_scenario_step.training_scenario_step import (
			TrainingScenarioStep,
		)

		aml_sms: DF.SmallText | None
		budget_answer_seconds: DF.Int
		budget_classify_seconds: DF.Int
		budget_dispatch_seconds: DF.Int
		call_offsets: DF.Data | None
		caller_number: DF.Data | None
		calls: DF.Int
		category: DF.Literal["Emergency", "Rare Event", "Non-Emergency", "Location", "Multi-Call"]
		description: DF.SmallText | None
		difficulty: DF.Literal["Basic", "Intermediate", "Advanced"]
		duplicate_of_call: DF.Int
		expected_agency_types: DF.SmallText | None
		expected_classification: DF.Literal[
			"Emergency", "Information Request", "Prank", "Ghost / Silent", "Dropped", "Wrong Number", "Test"
		]
		expected_incident_type: DF.Link | None
		expected_priority: DF.Literal["", "P1", "P2", "P3", "P4"]
		expected_triage_answers: DF.SmallText | None
		is_active: DF.Check
		kelurahan: DF.Link | None
		landmark: DF.Data | None
		latitude: DF.Float
		location_tolerance_m: DF.Int
		longitude: DF.Float
		scenario_name: DF.Data
		steps: DF.Table[TrainingScenarioStep]
	# end: auto-generated types
	pass
