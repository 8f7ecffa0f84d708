"""The time buckets KPI rows group by: hour of the day, shift and day, in WIT.

Every bucket of the choice is a row, even an empty one, so a quiet night shift still shows.
"""

from collections.abc import Callable, Iterable

import frappe
from frappe import _

from ambon_112.core.buckets import SHIFTS, hour_of_day, shift_of

HOUR, SHIFT, DAY = "Hour of Day", "Shift", "Day"
TIME_GROUPINGS = (HOUR, SHIFT, DAY)

_KEY_OF = {HOUR: hour_of_day, SHIFT: lambda moment: shift_of(moment).key, DAY: lambda moment: moment.date()}


def column_label(grouping: str) -> str:
	return {HOUR: _("Hour (WIT)"), SHIFT: _("Shift"), DAY: _("Day")}[grouping]


def buckets(grouping: str, period=None) -> list[tuple]:
	"""(key, label) of every bucket, in order; days are those of ``period`` (report_filters.Period)."""
	if grouping == HOUR:
		return [(h, f"{h:02d}:00–{h:02d}:59") for h in range(24)]
	if grouping == SHIFT:
		return [(s.key, _("Shift {0} WIT").format(s.label)) for s in SHIFTS]
	return [(day, frappe.format(day, "Date")) for day in period.days()]


def chart_label(label: str, grouping: str) -> str:
	""" "07", not "07:00–07:59": 24 full labels do not fit under the bars."""
	return label[:2] if grouping == HOUR else label


def group(items: Iterable, grouping: str, moment_of: Callable, period=None) -> list[tuple[str, list]]:
	"""(label, items) per bucket; ``moment_of(item)`` is when the item counts."""
	key_of = _KEY_OF[grouping]
	members = {key: [] for key, _label in buckets(grouping, period)}
	for item in items:
		members[key_of(moment_of(item))].append(item)
	return [(label, members[key]) for key, label in buckets(grouping, period)]
