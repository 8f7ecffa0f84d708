# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt
"""Workload per shift and operator: calls answered, calls per hour signed on, average handling time
(answer → end), time signed on, breaks (gaps between sign-ons in the shift and lost consoles); per
shift the calls that waited longer than the answer target (NENA's 15 s), the overload signal.
Drills are left out. The arithmetic is core/shifts.py's."""

from bisect import bisect_left
from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import now_datetime

from ambon_112.command_centre import report_filters as rf
from ambon_112.core import shifts as core
from ambon_112.core.targets import NENA_ANSWER
from ambon_112.operations import roster, workload


def execute(filters=None):
	filters = rf.parse(filters)
	period = rf.period(filters)
	now = now_datetime()
	types = roster.shift_types()
	occurrences = [
		core.occurrence(t, day)
		for day in period.days()
		for t in types
		if core.occurrence(t, day).starts_at <= now
	]
	# Shifts of the period's dates, whole: the last night shift runs into the next morning.
	start = min((o.starts_at for o in occurrences), default=period.start_dt) - timedelta(hours=1)
	end = max((o.ends_at for o in occurrences), default=period.end_dt)
	sessions = load_sessions(start, end)
	calls = load_calls(start, end)
	target = NENA_ANSWER.thresholds[0]
	received = [c.received_at for c in calls]  # sorted by the query
	rows = []
	for shift in sorted(occurrences, key=lambda o: o.starts_at):
		# Only this shift's calls and sign-ons (a call answered in it rang at most an hour before).
		here = calls[
			bisect_left(received, shift.starts_at - timedelta(hours=1)) : bisect_left(received, shift.ends_at)
		]
		present = [
			s
			for s in sessions
			if s.signed_on_at < shift.ends_at and (s.signed_off_at or now) > shift.starts_at
		]
		users = sorted(
			{s.user for s in present}
			| {c.user for c in here if c.user and c.answered_at and shift.contains(c.answered_at)}
		)
		loads = [core.operator_load(u, shift, present, here, now) for u in users]
		rows.append(
			{
				"shift": f"{shift.shift_date.isoformat()} {shift.shift_type}",
				"operator": None,
				"calls_answered": sum(x.calls_answered for x in loads),
				"waited_too_long": core.waited_too_long(here, shift, target),
				"bold": 1,
			}
		)
		rows += [
			{
				"shift": "",
				"operator": x.user,
				"calls_answered": x.calls_answered,
				"calls_per_hour": x.calls_per_hour,
				"average_handling_seconds": x.average_handling_seconds,
				"signed_on_minutes": round(x.signed_on_seconds / 60),
				"breaks": x.breaks,
				"break_minutes": round(x.break_seconds / 60),
				"indent": 1,
			}
			for x in loads
		]
	return columns(), rows, None, chart(rows)


def load_sessions(start, end) -> list[core.Session]:
	return workload.sessions_in(start, end)


def load_calls(start, end) -> list[core.AnsweredCall]:
	rows = frappe.get_list(
		"Emergency Call",
		filters=[["received_at", ">=", start], ["received_at", "<", end], ["is_exercise", "=", 0]],
		fields=["taken_by", "received_at", "answered_at", "answer_delay_seconds", "duration_seconds"],
		order_by="received_at asc",
		limit_page_length=0,
	)
	return [
		core.AnsweredCall(
			r.taken_by, r.received_at, r.answered_at, r.answer_delay_seconds or 0, r.duration_seconds or 0
		)
		for r in rows
	]


def columns() -> list[dict]:
	return [
		{"fieldname": "shift", "label": _("Shift"), "fieldtype": "Data", "width": 170},
		{
			"fieldname": "operator",
			"label": _("Operator"),
			"fieldtype": "Link",
			"options": "User",
			"width": 200,
		},
		{"fieldname": "calls_answered", "label": _("Calls Answered"), "fieldtype": "Int", "width": 120},
		{"fieldname": "calls_per_hour", "label": _("Calls per Hour"), "fieldtype": "Float", "width": 120},
		{
			"fieldname": "average_handling_seconds",
			"label": _("Average Handling Time (s)"),
			"fieldtype": "Float",
			"width": 170,
		},
		{"fieldname": "signed_on_minutes", "label": _("Signed On (min)"), "fieldtype": "Int", "width": 130},
		{"fieldname": "breaks", "label": _("Breaks"), "fieldtype": "Int", "width": 90},
		{"fieldname": "break_minutes", "label": _("Break Time (min)"), "fieldtype": "Int", "width": 130},
		{
			"fieldname": "waited_too_long",
			"label": _("Calls Waiting > 15 s"),
			"fieldtype": "Int",
			"width": 150,
		},
	]


def chart(rows) -> dict:
	shifts = [r for r in rows if r.get("bold")]
	return {
		"data": {
			"labels": [r["shift"] for r in shifts],
			"datasets": [
				{"name": _("Calls Answered"), "values": [r["calls_answered"] for r in shifts]},
				{"name": _("Calls Waiting > 15 s"), "values": [r["waited_too_long"] for r in shifts]},
			],
		},
		"type": "bar",
	}
