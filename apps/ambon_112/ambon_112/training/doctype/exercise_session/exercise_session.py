from frappe.model.document import Document

from ambon_112.training import drill


class ExerciseSession(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ambon_112.training.doctype.exercise_result.exercise_result import ExerciseResult
		from ambon_112.training.doctype.exercise_session_scenario.exercise_session_scenario import (
			ExerciseSessionScenario,
		)
		from ambon_112.training.doctype.exercise_session_trainee.exercise_session_trainee import (
			ExerciseSessionTrainee,
		)

		ended_at: DF.Datetime | None
		notify_agencies: DF.Check
		random_categories: DF.SmallText | None
		random_count: DF.Int
		random_difficulties: DF.SmallText | None
		random_seed: DF.Data | None
		results: DF.Table[ExerciseResult]
		scenarios: DF.Table[ExerciseSessionScenario]
		scheduled_start: DF.Datetime | None
		started_at: DF.Datetime | None
		status: DF.Literal["Planned", "Running", "Ended"]
		surprise: DF.Check
		title: DF.Data
		trainees: DF.Table[ExerciseSessionTrainee]
		trainer: DF.Link
	# end: auto-generated types

	def validate(self):
		drill.keep_the_record_of_a_new_session(self)
