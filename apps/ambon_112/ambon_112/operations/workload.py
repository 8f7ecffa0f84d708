"""Who was on shift, for the command centre's reports (the Call Answer Time report's column)."""

from collections.abc import Callable, Iterable

import frappe
from frappe.utils import now_datetime

from ambon_112.core import shifts as core


def sessions_in(start, end) -> list[core.Session]:
	"""Console sessions overlapping [start, end)."""
	rows = frappe.get_all(
		"Console Session",
		filters=[["signed_on_at", "<", end]],
		or_filters=[["signed_off_at", ">=", start], ["signed_off_at", "is", "not set"]],
		fields=["user", "signed_on_at", "signed_off_at", "lost_seconds"],
		order_by="signed_on_at asc",
	)
	return [core.Session(r.user, r.signed_on_at, r.signed_off_at, r.lost_seconds or 0) for r in rows]


def on_shift(start, end) -> Callable[[Iterable], str]:
	"""A function of a bucket's calls: the users signed on when those calls came in, by name."""
	sessions, now = sessions_in(start, end), now_datetime()
	names: dict[str, str] = {}

	def who(calls) -> str:
		users = core.on_shift_during(sorted(c.received_at for c in calls), sessions, now)
		for user in users - names.keys():
			names[user] = frappe.db.get_value("User", user, "full_name") or user
		return ", ".join(sorted(names[u] for u in users))

	return who
