# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from ambon_112.never_deleted import refuse_deletion


class CallbackTask(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attempts: DF.Int
		call: DF.Link
		caller_flagged: DF.Check
		caller_number: DF.Data | None
		caller_number_normalized: DF.Data | None
		caller_watch: DF.Link | None
		completed_at: DF.Datetime | None
		completed_by: DF.Link | None
		first_attempt_at: DF.Datetime | None
		is_exercise: DF.Check
		last_attempt_at: DF.Datetime | None
		notes: DF.SmallText | None
		outcome: DF.Literal[
			"", "Reached: Emergency", "Reached: No Emergency", "Not Reached", "Number Unusable"
		]
		reason: DF.Literal["Missed", "Dropped"]
		seconds_to_callback: DF.Int
		status: DF.Literal["Open", "Done"]
		waiting_since: DF.Datetime | None
	# end: auto-generated types
	"""A lost caller to call back (console/callbacks.py makes it and records its outcome).

	Everything but the notes is the record of what happened: made from the call, stamped by
	``callbacks.record`` (field level 2), never typed."""

	def on_trash(self):
		refuse_deletion(self)
