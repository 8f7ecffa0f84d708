# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from ambon_112.escalation.indexes import ensure_sweep_indexes
from ambon_112.exceptions import EscalationLogReadOnlyError
from ambon_112.never_deleted import refuse_deletion

# One log per firing of a level: a second, overlapping sweep cannot write the same firing again.
FIRING_KEY = ("reference_doctype", "reference_name", "policy", "level", "repeat_no")
FIRING_KEY_INDEX = "unique_firing"


class EscalationLog(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ambon_112.escalation.doctype.escalation_log_recipient.escalation_log_recipient import (
			EscalationLogRecipient,
		)

		acknowledged_at: DF.Datetime | None
		acknowledged_by: DF.Link | None
		agency: DF.Link | None
		cleared_at: DF.Datetime | None
		condition_since: DF.Datetime | None
		fired_at: DF.Datetime
		incident: DF.Link | None
		level: DF.Int
		policy: DF.Link
		priority_after: DF.Data | None
		priority_before: DF.Data | None
		recipients: DF.Table[EscalationLogRecipient]
		reference_doctype: DF.Link
		reference_name: DF.DynamicLink
		repeat_no: DF.Int
		status: DF.Literal["Open", "Acknowledged", "Cleared"]
		subject: DF.Data | None
		trigger_condition: DF.Literal[
			"Call Unanswered",
			"Call Not Classified",
			"Incident Not Triaged",
			"Incident Not Dispatched",
			"Incident Open Too Long",
			"Dispatch Not Acknowledged",
			"Unit Not En Route",
			"Unit Not On Scene",
			"Restore Drill Overdue",
			"Console Position Unattended",
			"Shift Understaffed",
			"Handover Not Acknowledged",
			"Callback Waiting",
		]

	# end: auto-generated types
	def validate(self):
		self.refuse_edits()

	def refuse_edits(self):
		"""A log is evidence of what the engine did; people only acknowledge it (through the API)."""
		if self.is_new() or self.flags.written_by_escalation_engine:
			return
		frappe.throw(
			_(
				"Escalation log {0} records what the escalation engine did and cannot be edited; acknowledge it instead."
			).format(self.name),
			EscalationLogReadOnlyError,
			title=_("Not Allowed"),
		)

	def on_trash(self):
		refuse_deletion(self)


def on_doctype_update():
	ensure_sweep_indexes()
	if not frappe.db.has_index("tabEscalation Log", FIRING_KEY_INDEX):
		columns = ", ".join(f"`{c}`" for c in FIRING_KEY)
		# Not frappe.db.add_unique: it looks the constraint up by table name in every database of
		# the server, so another site's table would hide a missing one here.
		frappe.db.sql_ddl(  # nosemgrep: frappe-using-db-sql
			f"alter table `tabEscalation Log` add unique index `{FIRING_KEY_INDEX}` ({columns})"
		)
