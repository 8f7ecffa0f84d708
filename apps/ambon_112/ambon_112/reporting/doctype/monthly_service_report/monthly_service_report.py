# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt
"""Laporan Bulanan Layanan 112: one document per month; figures come from reporting.monthly."""

import frappe
from frappe.model.document import Document
from frappe.utils import now_datetime

from ambon_112.reporting import monthly
from ambon_112.reporting.public_stats import clear_cache


class MonthlyServiceReport(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		built_at: DF.Datetime | None
		figures: DF.JSON | None
		from_date: DF.Date | None
		period: DF.Data
		public_figures: DF.JSON | None
		sent_at: DF.Datetime | None
		status: DF.Literal["Draft", "Checked", "Sent"]
		to_date: DF.Date | None
		workflow_state: DF.Link | None

	# end: auto-generated types
	def validate(self):
		monthly.month_of(self.period)

	def on_update(self):
		if self.status == "Sent" and self.has_value_changed("status"):
			self.mark_sent()
		if self.status == "Sent" or self.has_value_changed("status"):
			clear_cache()  # the public archive on /112 lists sent reports

	def mark_sent(self):
		self.db_set("sent_at", now_datetime())
		frappe.enqueue(monthly.send_queued, name=self.name, enqueue_after_commit=True)
