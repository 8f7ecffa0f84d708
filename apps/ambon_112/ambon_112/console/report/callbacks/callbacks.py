# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt
"""Callbacks: lost callers of the period, how fast they were called back and what came of it.

One row per outcome (open tasks as "Open"), and a total. Time to callback runs from the moment
the call was lost to the first callback attempt (Callback Task.seconds_to_callback, stamped by
console/callbacks.py); tasks not yet called back are counted, not measured.
"""

import frappe
from frappe import _

from ambon_112.command_centre import report_filters as rf
from ambon_112.core.callbacks import OUTCOMES
from ambon_112.core.stats import share, summarize

OPEN_ROW = "Open"


def execute(filters=None):
	filters = rf.parse(filters)
	tasks = frappe.get_list(
		"Callback Task",
		filters=rf.period(filters).filters("waiting_since"),
		fields=["status", "outcome", "attempts", "seconds_to_callback"],
		order_by="waiting_since asc",
		limit_page_length=0,
	)
	groups = {key: [] for key in (*OUTCOMES, OPEN_ROW)}
	for task in tasks:
		groups[task.outcome or OPEN_ROW].append(task)
	rows = [make_row(_(key), members, len(tasks)) for key, members in groups.items()]
	total = make_row(_("Total"), tasks, len(tasks), bold=1)
	return columns(), [*rows, total], None, chart(groups), summary(total)


def make_row(label: str, tasks: list, whole: int, bold=0) -> dict:
	waits = summarize([t.seconds_to_callback for t in tasks if t.seconds_to_callback is not None])
	return {
		"outcome": label,
		"tasks": len(tasks),
		"share": None if not whole else round(100 * share(len(tasks), whole), 1),
		"called_back": sum(1 for t in tasks if (t.attempts or 0) > 0),
		"attempts": sum(t.attempts or 0 for t in tasks),
		"p50": waits.percentiles[50],
		"p90": waits.percentiles[90],
		"bold": bold,
	}


def columns() -> list[dict]:
	return [
		{"fieldname": "outcome", "label": _("Outcome"), "fieldtype": "Data", "width": 200},
		{"fieldname": "tasks", "label": _("Callback Tasks"), "fieldtype": "Int", "width": 120},
		{"fieldname": "share", "label": _("Share"), "fieldtype": "Percent", "width": 90},
		{"fieldname": "called_back", "label": _("Called Back"), "fieldtype": "Int", "width": 110},
		{"fieldname": "attempts", "label": _("Callbacks Made"), "fieldtype": "Int", "width": 120},
		{"fieldname": "p50", "label": _("Time to Callback p50 (s)"), "fieldtype": "Float", "width": 170},
		{"fieldname": "p90", "label": _("Time to Callback p90 (s)"), "fieldtype": "Float", "width": 170},
	]


def chart(groups: dict) -> dict:
	return {
		"data": {
			"labels": [_(key) for key in groups],
			"datasets": [{"name": _("Callback Tasks"), "values": [len(v) for v in groups.values()]}],
		},
		"type": "bar",
	}


def summary(total: dict) -> list[dict]:
	return [
		{"label": _("Callbacks Made"), "value": total["attempts"], "datatype": "Int"},
		{"label": _("Time to Callback p50 (s)"), "value": total["p50"], "datatype": "Float"},
		{"label": _("Time to Callback p90 (s)"), "value": total["p90"], "datatype": "Float"},
	]
