"""Data of the "112 Ambon" workspace: its custom charts and number cards.

The Dashboard Chart Sources (command_centre/dashboard_chart_source/*) and the Custom number
card point here. Frappe's chart widget sends chart_name, filters, refresh, timespan and
dates: these charts cover a fixed span, so they take the arguments and ignore them.
"""

import frappe

from ambon_112.command_centre import dashboard
from ambon_112.core.targets import NENA_ANSWER

ANSWER_TARGET_SECONDS = NENA_ANSWER.thresholds[0]
NO_DATA = "–"


@frappe.whitelist()
@frappe.read_only()  # on the replica when there is one (continuity/replica.py)
def calls_per_hour(**kwargs) -> dict:
	return dashboard.calls_per_hour()


@frappe.whitelist()
@frappe.read_only()  # on the replica when there is one (continuity/replica.py)
def calls_today_by_class(**kwargs) -> dict:
	return dashboard.calls_by_class(dashboard.timespan_period("today"))


@frappe.whitelist()
@frappe.read_only()  # on the replica when there is one (continuity/replica.py)
def incidents_this_week_by_type(**kwargs) -> dict:
	return dashboard.incidents_by_type(dashboard.timespan_period("this week"))


@frappe.whitelist()
@frappe.read_only()  # on the replica when there is one (continuity/replica.py)
def incidents_this_month_by_kecamatan(**kwargs) -> dict:
	return dashboard.incidents_by_kecamatan(dashboard.timespan_period("this month"))


@frappe.whitelist()
@frappe.read_only()  # on the replica when there is one (continuity/replica.py)
def answered_within_15s_today(filters=None) -> dict | str:
	"""Number card: the share of today's voice calls answered within 15 s (NENA: 90 %).

	Before the first answered call of the day there is no share: the card shows a dash, not 0 %.
	"""
	fraction = dashboard.answered_within_today(ANSWER_TARGET_SECONDS)
	if fraction is None:
		return NO_DATA
	today = frappe.utils.today()
	return {
		"value": round(fraction * 100, 1),
		"fieldtype": "Percent",
		"route": ["query-report", "Call Answer Time"],
		"route_options": {"from_date": today, "to_date": today, "group_by": "Hour of Day"},
	}
