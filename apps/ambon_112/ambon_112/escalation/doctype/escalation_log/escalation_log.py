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
		frappe.db.sql_ddl(
			f"alter table `tabEscalation Log` add unique index `{FIRING_KEY_INDEX}` ({columns})"
		)
