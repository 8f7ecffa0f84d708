# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class EscalationLevel(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		delay_seconds: DF.Int
		level: DF.Int
		notify_agency: DF.Check
		notify_roles: DF.SmallText | None
		notify_users: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		raise_priority: DF.Check
		repeat_every_minutes: DF.Int
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
	pass
