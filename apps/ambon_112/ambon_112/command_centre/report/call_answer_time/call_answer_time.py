# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt
"""Call answer time against NENA-STA-020.1: received → answered, by hour of day, shift or day (WIT).

Only answered calls have an answer time: the shares and percentiles are over answered calls.
Calls that rang out or were hung up before an operator answered (state "Missed") are
*abandoned*: NENA counts them separately, so they appear as their own count and share of the
calls offered (answered + abandoned). Calls still ringing are not counted yet. Times are whole
seconds, as stored in ``answer_delay_seconds``.
"""

import frappe
from frappe import _

from ambon_112.command_centre import kpi, report_buckets
from ambon_112.command_centre import report_filters as rf
from ambon_112.core.stats import share, summarize
from ambon_112.core.targets import ANSWER_THRESHOLDS, NENA_ANSWER
from ambon_112.operations.workload import on_shift

GROUPINGS = report_buckets.TIME_GROUPINGS


def execute(filters=None):
	filters = rf.parse(filters)
	period = rf.period(filters)
	grouping = rf.choice(filters, "group_by", GROUPINGS, GROUPINGS[0])
	calls = load_calls(filters, period)
	buckets = report_buckets.group(calls, grouping, lambda call: call.received_at, period)
	# Who was on shift: the operators signed on at a console when the bucket's calls came in.
	who = on_shift(period.start_dt, period.end_dt)
	rows = [{**make_row(label, members), "on_shift": who(members)} for label, members in buckets]
	total = make_row(_("Total"), calls, bold=1)
	return columns(grouping), [*rows, total], message(), chart(rows, grouping), summary(calls)


def load_calls(filters, period) -> list:
	"""Calls offered in the period: received, not a drill, answered or abandoned."""
	conditions = [
		*period.filters("received_at"),
		["is_exercise", "=", 0],
		["call_state", "in", ["Answered", "Ended", "Missed"]],
		*rf.area_filter("kelurahan", filters.get("kecamatan")),
	]
	if filters.get("channel"):
		conditions.append(["channel", "=", filters.channel])
	calls = frappe.get_list(
		"Emergency Call",
		filters=conditions,
		fields=["name", "received_at", "answered_at", "call_state", "answer_delay_seconds", "incident"],
		order_by="received_at asc",
		limit_page_length=0,
	)
	if rf.has_incident_dimension(filters):
		# Type, priority and agency belong to the incident a call reported: calls without one drop out.
		keep = rf.incidents_matching(filters, (c.incident for c in calls))
		calls = [c for c in calls if c.incident in keep]
	return calls


def make_row(label, calls, bold=0) -> dict:
	answered = [c.answer_delay_seconds for c in calls if c.answered_at]
	abandoned = sum(1 for c in calls if not c.answered_at and c.call_state == "Missed")
	result = summarize(answered, ANSWER_THRESHOLDS)
	met = NENA_ANSWER.met(result)
	return {
		"bucket": label,
		"offered": len(answered) + abandoned,
		"answered": len(answered),
		"abandoned": abandoned,
		"abandoned_share": kpi.percent(share(abandoned, len(answered) + abandoned)),
		**kpi.summary_fields(result),
		"nena": kpi.verdict(met),
		"nena_met": met,
		"bold": bold,
	}


def columns(grouping) -> list[dict]:
	return [
		{
			"fieldname": "bucket",
			"label": report_buckets.column_label(grouping),
			"fieldtype": "Data",
			"width": 150,
		},
		{"fieldname": "offered", "label": _("Calls Offered"), "fieldtype": "Int", "width": 110},
		{"fieldname": "answered", "label": _("Answered"), "fieldtype": "Int", "width": 100},
		{"fieldname": "abandoned", "label": _("Abandoned"), "fieldtype": "Int", "width": 100},
		{
			"fieldname": "abandoned_share",
			"label": _("Abandoned (%)"),
			"fieldtype": "Percent",
			"precision": 1,
			"width": 110,
		},
		*[kpi.within_column(t) for t in ANSWER_THRESHOLDS],
		*kpi.percentile_columns(),
		{"fieldname": "nena", "label": _("NENA-STA-020.1"), "fieldtype": "Data", "width": 120},
		{"fieldname": "on_shift", "label": _("On Shift"), "fieldtype": "Data", "width": 240},
	]


def message() -> str:
	first, second = NENA_ANSWER.levels
	return _(
		"Answer time runs from the moment a call reaches the centre to the moment an operator answers it. "
		"Abandoned calls (hung up before an answer) are counted apart, as NENA-STA-020.1 does. "
		"Target: {0}% answered within {1} s and {2}% within {3} s. Hours are WIT."
	).format(
		kpi.share_target(first), kpi.whole(first.seconds), kpi.share_target(second), kpi.whole(second.seconds)
	)


def chart(rows, grouping) -> dict:
	return kpi.bar_chart(
		[report_buckets.chart_label(r["bucket"], grouping) for r in rows],
		[
			{"name": kpi.within_label(t), "values": [r[f"within_{int(t)}"] or 0 for r in rows]}
			for t in NENA_ANSWER.thresholds
		],
		kpi.share_markers(NENA_ANSWER),
		fieldtype="Percent",
		colors=["#5e64ff", "#29cd42"],
	)


def summary(calls) -> list[dict]:
	answered = [c.answer_delay_seconds for c in calls if c.answered_at]
	abandoned = sum(1 for c in calls if not c.answered_at and c.call_state == "Missed")
	result = summarize(answered, ANSWER_THRESHOLDS)
	return [
		kpi.count_tile(_("Answered"), len(answered)),
		*kpi.level_tiles(_("Answered within {0} s"), NENA_ANSWER, result),
		kpi.seconds_tile(_("p90 Answer Time (s)"), result.p(90)),
		kpi.share_tile(_("Abandoned"), share(abandoned, len(answered) + abandoned)),
		kpi.standard_tile(NENA_ANSWER, result),
	]
