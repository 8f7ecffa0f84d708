# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from ambon_112.core.triage import CHOICE, rule_problem
from ambon_112.exceptions import TriageQuestionError
from ambon_112.intake.triage_questions import question_of

PROBLEMS = {
	"yes_no": "the answer must be Yes or No",
	"choice": "the answer is not one of the choices",
	"range": "the answer must be a number or a range such as 3, 1-5, 3+, <30 or >=100",
	"priority": "unknown priority",
}


class TriageQuestion(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ambon_112.intake.doctype.triage_answer_rule.triage_answer_rule import TriageAnswerRule

		answer_type: DF.Literal["Yes/No", "Choice", "Number"]
		choices: DF.SmallText | None
		help_text: DF.SmallText | None
		incident_type: DF.Link | None
		is_active: DF.Check
		question: DF.SmallText
		rules: DF.Table[TriageAnswerRule]
		seed_key: DF.Data | None
		sequence: DF.Int

	# end: auto-generated types
	def validate(self):
		self.clean_choices()
		self.validate_rules()

	def clean_choices(self):
		choices = list(dict.fromkeys(c.strip() for c in (self.choices or "").splitlines() if c.strip()))
		self.choices = "\n".join(choices) if self.answer_type == CHOICE else None
		if self.answer_type == CHOICE and len(choices) < 2:
			frappe.throw(
				_("A choice question needs at least two choices, one per line."),
				TriageQuestionError,
				title=_("Choices Missing"),
			)

	def validate_rules(self):
		"""A rule that can never match is a silent bug at 03:00: refuse it while the admin is here."""
		question = question_of(self)
		for row, rule in zip(self.rules, question.rules, strict=True):
			problem = rule_problem(question, rule)
			if problem:
				frappe.throw(
					_("Row {0}: {1} ({2}).").format(row.idx, _(PROBLEMS[problem]), row.answer),
					TriageQuestionError,
					title=_("Rule Never Matches"),
				)
