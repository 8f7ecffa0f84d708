# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint

from ambon_112.core.escalation import policy_problems
from ambon_112.escalation.policies import level_of, lines, problem_message, scope_of
from ambon_112.exceptions import InvalidEscalationPolicyError


class EscalationPolicy(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ambon_112.escalation.doctype.escalation_level.escalation_level import EscalationLevel

		agency: DF.Link | None
		applies_to: DF.Literal[
			"Emergency Call",
			"Incident",
			"Dispatch",
			"Restore Drill",
			"Operator Position",
			"Shift Handover",
			"Callback Task",
		]
		description: DF.SmallText | None
		incident_type: DF.Link | None
		inside_city_only: DF.Check
		is_active: DF.Check
		levels: DF.Table[EscalationLevel]
		policy_name: DF.Data
		priority_p1: DF.Check
		priority_p2: DF.Check
		priority_p3: DF.Check
		priority_p4: DF.Check

	# end: auto-generated types
	def validate(self):
		self.number_levels()
		self.tidy_recipient_lists()
		self.check_levels()
		self.check_roles_and_users()

	def number_levels(self):
		"""A level left without a number takes the next one, in table order."""
		top = max((cint(row.level) for row in self.levels), default=0)
		for row in self.levels:
			if not cint(row.level):
				top += 1
				row.level = top

	def tidy_recipient_lists(self):
		for row in self.levels:
			row.notify_roles = "\n".join(lines(row.notify_roles))
			row.notify_users = "\n".join(lines(row.notify_users))

	def check_levels(self):
		problems = policy_problems(scope_of(self), [level_of(row) for row in self.levels])
		if problems:
			self.refuse([problem_message(p, self.applies_to) for p in problems])

	def check_roles_and_users(self):
		messages = []
		for row in self.levels:
			for role in lines(row.notify_roles):
				if not frappe.db.exists("Role", role):
					messages.append(_("Level {0}: there is no role {1}.").format(row.level, role))
			for user in lines(row.notify_users):
				if not frappe.db.get_value("User", user, "enabled"):
					messages.append(_("Level {0}: there is no enabled user {1}.").format(row.level, user))
		if messages:
			self.refuse(messages)

	def refuse(self, messages: list[str]):
		frappe.throw(
			"<br>".join(messages),
			InvalidEscalationPolicyError,
			title=_("Escalation Policy {0}").format(self.policy_name or ""),
		)
