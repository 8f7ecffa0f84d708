# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_to_date, get_datetime, now_datetime

from ambon_112.exceptions import CallerWatchError
from ambon_112.intake.caller_history import clear_watch_cache, history_key_of
from ambon_112.settings import setting


class CallerWatch(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		added_by: DF.Link | None
		caller_number: DF.Data
		caller_number_normalized: DF.Data | None
		expires_at: DF.Datetime
		list_type: DF.Literal["Watch", "Block"]
		reason: DF.SmallText
	# end: auto-generated types
	"""A supervisor's temporary flag on a number. It never drops, hides or blocks a call."""

	def validate(self):
		self.normalize_number()
		self.validate_expiry()
		self.set_added_by()

	def normalize_number(self):
		self.caller_number_normalized = history_key_of(self.caller_number)
		if not self.caller_number_normalized:
			frappe.throw(
				_("A withheld or empty number cannot be watched."),
				CallerWatchError,
				title=_("Invalid Number"),
			)

	def validate_expiry(self):
		"""New entries expire in the future and within the longest period; ending one early is fine."""
		if not (self.is_new() or self.has_value_changed("expires_at")):
			return
		expires, now = get_datetime(self.expires_at), now_datetime()
		if self.is_new() and expires <= now:
			frappe.throw(
				_("The entry must expire in the future."), CallerWatchError, title=_("Invalid Expiry")
			)
		longest = int(setting("watch_max_days"))
		if expires > add_to_date(now, days=longest):
			frappe.throw(
				_("A watch list entry lasts at most {0} days: it is temporary by design.").format(longest),
				CallerWatchError,
				title=_("Invalid Expiry"),
			)

	def set_added_by(self):
		if self.is_new():
			self.added_by = frappe.session.user

	def on_update(self):
		clear_watch_cache()

	def on_trash(self):
		clear_watch_cache()
