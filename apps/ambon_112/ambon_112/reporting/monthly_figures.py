"""The figures of the monthly report, taken from the KPI reports themselves.

Each figure is read from the "Total" (or group) rows that the command centre's script reports
return for the month, so the report to the mayor can never disagree with the desk: there is no
second implementation of any KPI here. Only what no report shows yet (repeat-number count,
incidents reached within 15 minutes) is computed, with the same core.stats functions.
"""

from datetime import date

import frappe
from frappe.query_builder.functions import Count, IfNull
from frappe.utils import add_months, get_first_day, get_last_day

from ambon_112.command_centre import report_filters as rf
from ambon_112.command_centre.report.call_answer_time import call_answer_time
from ambon_112.command_centre.report.call_classes import call_classes
from ambon_112.command_centre.report.call_processing_time import call_processing_time
from ambon_112.command_centre.report.escalations import escalations
from ambon_112.command_centre.report.incidents_by_area import incidents_by_area
from ambon_112.command_centre.report.response_time_by_agency import response_time_by_agency
from ambon_112.core.public_figures import cell, table
from ambon_112.core.stats import share, summarize
from ambon_112.operations.report.operator_workload import operator_workload
from ambon_112.training.report.call_review_coverage import call_review_coverage
from ambon_112.training.report.training_record import training_record

REACHED_SECONDS = 15 * 60  # the Ministry of Home Affairs' target for 112: on scene within 15 minutes


def month_filters(month: date) -> dict:
	return {"from_date": str(get_first_day(month)), "to_date": str(get_last_day(month))}


def total_row(result) -> dict:
	return dict(result[1][-1])


def build(month: date) -> dict:
	month = get_first_day(month)
	filters = month_filters(month)
	classes = call_classes.call_classes()
	calls = class_counts(filters, classes)
	answer = total_row(call_answer_time.execute(dict(filters, group_by="Day")))
	processing = total_row(call_processing_time.execute(filters))
	areas = incidents_by_area.execute(filters)
	responses = response_time_by_agency.execute(filters)[1]
	escalation = total_row(escalations.execute(filters))
	return {
		"period": f"{month:%Y-%m}",
		"from_date": filters["from_date"],
		"to_date": filters["to_date"],
		"classes": classes,
		"calls": calls,
		"calls_previous_month": class_counts(month_filters(add_months(month, -1)), classes),
		"calls_previous_year": class_counts(month_filters(add_months(month, -12)), classes),
		"prank_share": _percent(share(calls["by_class"].get("Prank", 0), calls["classified"])),
		"repeat_numbers": repeat_number_count(filters),
		"answer": _pick(answer, "offered", "answered", "abandoned", "p50", "p90", "within_15", "nena_met"),
		"processing": _pick(
			processing, "incidents", "dispatched", "measured", "p50", "p90", "within_60", "nfpa_met"
		),
		"incidents": incident_breakdown(areas),
		"agencies": [
			{
				"agency": row["agency"],
				"dispatches": row["dispatches"],
				"measured": row["total_count"],
				"p50": row["total_p50"],
				"p90": row["total_p90"],
			}
			for row in responses
			if row.get("agency") and not row.get("indent")
		],
		"reached_15_min": reached_within(filters),
		"escalations": _pick(escalation, "fired", "reminders", "acknowledged", "open", "p50", "p90"),
		"staffing": staffing(filters),
		"training": training(month),
	}


def staffing(filters) -> dict:
	"""The month's shifts as the Operator Workload report shows them, and how many started short."""
	rows = operator_workload.execute(dict(filters))[1]
	shifts = [r for r in rows if r.get("bold")]
	people = [r for r in rows if r.get("indent")]
	period = rf.period(frappe._dict(filters))
	return {
		"shifts": len(shifts),
		"short_shifts": frappe.db.count(
			"Shift Handover",
			{"staffing_status": "Short", "shift_start": ("between", (period.start_dt, period.end_dt))},
		),
		"operators": len({r["operator"] for r in people}),
		"signed_on_hours": round(sum(r["signed_on_minutes"] for r in people) / 60, 1),
		"calls_answered": sum(r["calls_answered"] for r in shifts),
		"waited_too_long": sum(r["waited_too_long"] for r in shifts),
	}


def training(month: date) -> dict:
	"""The month's drills as the Training Record shows them, and its share of live calls reviewed as
	the Call Review Coverage report shows it."""
	first, last = get_first_day(month), get_last_day(month)
	trainees = [
		r for r in training_record.rows_between(str(first), f"{last} 23:59:59.999999") if r["sessions"]
	]
	coverage = [r for r in call_review_coverage.rows(first.year) if r["month"] == f"{first:%Y-%m}"]
	calls, reviewed = sum(r["calls"] for r in coverage), sum(r["reviewed"] for r in coverage)
	return {
		"trainees": len(trainees),
		"sessions": sum(r["sessions"] for r in trainees),
		"hours": round(sum(r["hours"] for r in trainees), 2),
		"passed": sum(r["passed"] for r in trainees),
		"failed": sum(r["failed"] for r in trainees),
		"live_calls": calls,
		"reviewed": reviewed,
		"review_share": _percent(share(reviewed, calls)),
	}


def class_counts(filters, classes) -> dict:
	total = total_row(call_classes.execute(dict(filters, interval="Monthly")))
	by_class = {cls: total.get(call_classes.fieldname(cls), 0) for cls in classes}
	return {
		"total": total["total"],
		"by_class": by_class,
		"unclassified": total[call_classes.UNCLASSIFIED],
		"classified": total["total"] - total[call_classes.UNCLASSIFIED],
	}


def incident_breakdown(areas) -> dict:
	columns, rows = areas[0], areas[1]
	types = [c for c in columns if c["fieldname"].startswith("type_")]
	total = rows[-1]
	return {
		"total": total["incidents"],
		"by_type": {c["label"]: total[c["fieldname"]] for c in types},
		"by_kecamatan": {r["area"]: r["incidents"] for r in rows[:-1] if not r["indent"]},
	}


def repeat_number_count(filters) -> int:
	"""How many numbers called at least twice: a count only, never the numbers."""
	period = rf.period(frappe._dict(filters))
	call = frappe.qb.DocType("Emergency Call")
	repeaters = (
		frappe.qb.from_(call)
		.select(call.caller_number_normalized)
		.where(
			(call.received_at >= period.start_dt)
			& (call.received_at < period.end_dt)
			& (call.is_exercise == 0)
			& (IfNull(call.caller_number_normalized, "") != "")
		)
		.groupby(call.caller_number_normalized)
		.having(Count("*") >= 2)
	)
	return frappe.qb.from_(repeaters).select(Count("*")).run()[0][0]


def reached_within(filters) -> dict:
	"""Incidents of the month with an on-scene time: the share reached within 15 minutes of the report."""
	period = rf.period(frappe._dict(filters))
	incidents = frappe.get_all(
		"Incident",
		filters=[*period.filters("reported_at"), ["is_exercise", "=", 0], ["first_on_scene_at", "is", "set"]],
		fields=["reported_at", "first_on_scene_at"],
		limit_page_length=0,
	)
	result = summarize(
		(max(0, (i.first_on_scene_at - i.reported_at).total_seconds()) for i in incidents),
		thresholds=(REACHED_SECONDS,),
	)
	return {"reached": result.count, "share": _percent(result.within[REACHED_SECONDS])}


def public_version(figures: dict) -> dict:
	"""What /112 publishes of a sent report: totals and kecamatan counts, small cells hidden."""
	answer = figures["answer"]
	return {
		"calls": cell(figures["calls"]["total"]),
		"emergencies": cell(figures["incidents"]["total"]),
		"answered_15": None if answer["within_15"] is None else f"{answer['within_15']:.1f}",
		"prank_share": None if figures["prank_share"] is None else f"{figures['prank_share']:.1f}",
		"by_type": table(figures["incidents"]["by_type"]),
		"by_kecamatan": table(figures["incidents"]["by_kecamatan"]),
	}


def _pick(row: dict, *keys) -> dict:
	return {key: row.get(key) for key in keys}


def _percent(fraction):
	return None if fraction is None else 100 * fraction
