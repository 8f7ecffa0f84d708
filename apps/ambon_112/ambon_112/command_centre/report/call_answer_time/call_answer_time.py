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

from ambon_112.command_centre import kpi
from ambon_112.command_centre import report_filters as rf
from ambon_112.core.buckets import SHIFTS, hour_of_day, shift_of
from ambon_112.core.stats import share, summarize
from ambon_112.core.targets import ANSWER_THRESHOLDS, NENA_ANSWER

GROUPINGS = ("Hour of Day", "Shift", "Day")


def execute(filters=None):
	filters = rf.parse(filters)
	period = rf.period(filters)
	grouping = rf.choice(filters, "group_by", GROUPINGS, GROUPINGS[0])
	calls = load_calls(filters, period)
	buckets = bucket_rows(grouping, period)
	key_of = BUCKET_KEYS[grouping]
	grouped = {key: [] for key, _label in buckets}
	for call in calls:
		grouped[key_of(call.received_at)].append(call)
	rows = [make_row(label, grouped[key]) for key, label in buckets]
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


def bucket_rows(grouping, period) -> list[tuple]:
	if grouping == "Hour of Day":
		return [(h, f"{h:02d}:00–{h:02d}:59") for h in range(24)]
	if grouping == "Shift":
		return [(s.key, _("Shift {0} WIT").format(s.label)) for s in SHIFTS]
	return [(day, frappe.format(day, "Date")) for day in period.days()]


BUCKET_KEYS = {
	"Hour of Day": hour_of_day,
	"Shift": lambda moment: shift_of(moment).key,
	"Day": lambda moment: moment.date(),
}


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
	bucket_label = {"Hour of Day": _("Hour (WIT)"), "Shift": _("Shift"), "Day": _("Day")}[grouping]
	return [
		{"fieldname": "bucket", "label": bucket_label, "fieldtype": "Data", "width": 150},
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
	]


def message() -> str:
	return _(
		"Answer time runs from the moment a call reaches the centre to the moment an operator answers it. "
		"Abandoned calls (hung up before an answer) are counted apart, as NENA-STA-020.1 does. "
		"Target: 90% answered within 15 s and 95% within 20 s. Hours are WIT."
	)


def chart(rows, grouping) -> dict:
	short = grouping == "Hour of Day"  # "07", not "07:00–07:59": 24 full labels do not fit under the bars
	return {
		"data": {
			"labels": [r["bucket"][:2] if short else r["bucket"] for r in rows],
			"datasets": [
				{"name": _("≤ 15 s (%)"), "values": [r["within_15"] or 0 for r in rows]},
				{"name": _("≤ 20 s (%)"), "values": [r["within_20"] or 0 for r in rows]},
			],
			"yMarkers": [
				{"label": _("90% target"), "value": 90, "options": {"labelPos": "left"}},
				{"label": _("95% target"), "value": 95, "options": {"labelPos": "left"}},
			],
		},
		"type": "bar",
		"fieldtype": "Percent",
		"colors": ["#5e64ff", "#29cd42"],
	}


def summary(calls) -> list[dict]:
	answered = [c.answer_delay_seconds for c in calls if c.answered_at]
	abandoned = sum(1 for c in calls if not c.answered_at and c.call_state == "Missed")
	result = summarize(answered, ANSWER_THRESHOLDS)
	return [
		{"value": len(answered), "label": _("Answered"), "datatype": "Int", "indicator": "Blue"},
		kpi.share_tile(_("Answered within 15 s"), result.within[15], 0.90),
		kpi.share_tile(_("Answered within 20 s"), result.within[20], 0.95),
		kpi.seconds_tile(_("p90 Answer Time (s)"), result.p(90)),
		kpi.share_tile(_("Abandoned"), share(abandoned, len(answered) + abandoned)),
		kpi.standard_tile(NENA_ANSWER, result),
	]
