# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt
"""Escalations: how many fired, at which level, and how fast someone acknowledged them.

One row per policy level. A firing counts once, reminders (repeats) beside it; the time to
acknowledge runs from a firing to its acknowledgement, so a level acknowledged only at its
third reminder shows three waits. Still-open firings are counted, not measured.
"""

import frappe
from frappe import _

from ambon_112.command_centre import kpi
from ambon_112.command_centre import report_filters as rf
from ambon_112.core.durations import seconds_between
from ambon_112.core.escalation import APPLIES_TO
from ambon_112.core.stats import summarize


def execute(filters=None):
	filters = rf.parse(filters)
	period = rf.period(filters)
	logs = load_logs(filters, period)
	rows = [make_row(key, members) for key, members in group(logs)]
	total = make_row((_("Total"), None, None), logs, bold=1)
	return columns(), [*rows, total], message(), chart(rows), None


def load_logs(filters, period) -> list:
	conditions = period.filters("fired_at")
	if filters.get("applies_to"):
		applies_to = rf.choice(filters, "applies_to", APPLIES_TO, APPLIES_TO[0])
		conditions.append(["reference_doctype", "=", applies_to])
	if filters.get("policy"):
		conditions.append(["policy", "=", filters.policy])
	logs = frappe.get_list(
		"Escalation Log",
		filters=conditions,
		fields=["policy", "level", "repeat_no", "trigger_condition", "status", "fired_at", "acknowledged_at"],
		order_by="fired_at asc",
		limit_page_length=0,
	)
	for log in logs:
		log.ack_seconds = seconds_between(log.fired_at, log.acknowledged_at)
	return logs


def group(logs) -> list[tuple[tuple, list]]:
	members = {}
	for log in logs:
		members.setdefault((log.policy, log.level, log.trigger_condition), []).append(log)
	return sorted(members.items(), key=lambda item: (item[0][0] or "", item[0][1] or 0))


def make_row(key, logs, bold=0) -> dict:
	policy, level, trigger = key
	result = summarize([log.ack_seconds for log in logs])
	return {
		"policy": policy,
		"level": level,
		"trigger_condition": _(trigger) if trigger else None,
		"fired": sum(1 for log in logs if not log.repeat_no),
		"reminders": sum(1 for log in logs if log.repeat_no),
		"acknowledged": sum(1 for log in logs if log.acknowledged_at),
		"open": sum(1 for log in logs if log.status == "Open"),
		**kpi.summary_fields(result),
		"bold": bold,
	}


def columns() -> list[dict]:
	return [
		{"fieldname": "policy", "label": _("Escalation Policy"), "fieldtype": "Data", "width": 220},
		{"fieldname": "level", "label": _("Level"), "fieldtype": "Int", "width": 70},
		{"fieldname": "trigger_condition", "label": _("Trigger"), "fieldtype": "Data", "width": 180},
		{"fieldname": "fired", "label": _("Fired"), "fieldtype": "Int", "width": 80},
		{"fieldname": "reminders", "label": _("Reminders"), "fieldtype": "Int", "width": 90},
		{"fieldname": "acknowledged", "label": _("Acknowledged"), "fieldtype": "Int", "width": 110},
		{"fieldname": "open", "label": _("Still Open"), "fieldtype": "Int", "width": 90},
		*kpi.percentile_columns(label=_("Time to Acknowledge")),
	]


def message() -> str:
	return _(
		"Time to acknowledge runs from each firing (or reminder) to its acknowledgement; "
		"open firings are counted but not measured."
	)


def chart(rows) -> dict | None:
	"""Firings and acknowledgements per level, summed over the policy rows."""
	levels = sorted({row["level"] for row in rows if row["level"]})
	if not levels:
		return None

	def per_level(field):
		return [sum(row[field] for row in rows if row["level"] == level) for level in levels]

	return kpi.bar_chart(
		[_("Level {0}").format(level) for level in levels],
		[
			{"name": _("Fired"), "values": per_level("fired")},
			{"name": _("Acknowledged"), "values": per_level("acknowledged")},
		],
	)
