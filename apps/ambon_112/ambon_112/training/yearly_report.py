"""What the training reports share: one row per operator, for the year the filters name."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate


def by_year(columns, rows):
	"""A Script Report's ``execute``: ``columns()`` and ``rows(year)`` of the year in the filters (this
	year when none is given)."""

	def execute(filters=None):
		filters = frappe._dict(filters or {})
		return columns(), rows(int(filters.get("year") or getdate(nowdate()).year))

	return execute


def operator_column() -> dict:
	return {
		"fieldname": "operator",
		"label": _("Operator"),
		"fieldtype": "Link",
		"options": "User",
		"width": 200,
	}
