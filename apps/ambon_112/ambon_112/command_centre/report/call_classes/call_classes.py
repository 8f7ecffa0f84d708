# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt
"""How the centre's calls were classified over time, and who calls again and again.

Emergencies are a minority of 112 calls; pranks, silent (ghost) calls and wrong numbers cost
operators the time an emergency waits. The top repeat numbers help the centre call back or
report abusive lines. A caller number is personal data (UU 27/2022): roles that may not read
it (its permission level of Emergency Call) see only its network and a stable label
(core.masking), enough to recognise a repeat caller, never enough to recover the number.
"""

import re

import frappe
from frappe import _
from frappe.utils import escape_html

from ambon_112.command_centre import kpi
from ambon_112.command_centre import report_filters as rf
from ambon_112.core import call_states
from ambon_112.core.buckets import INTERVALS, period_start, periods
from ambon_112.core.masking import mask_number
from ambon_112.core.stats import share
from ambon_112.security.caller_data import masking_key, reads_caller_fields

TOP_NUMBERS = 10


def execute(filters=None):
	filters = rf.parse(filters)
	period = rf.period(filters)
	interval = rf.choice(filters, "interval", INTERVALS, "Daily")
	calls = frappe.get_list(
		"Emergency Call",
		filters=call_filters(filters, period),
		fields=["received_at", "classification"],
		order_by="received_at asc",
		limit_page_length=0,
	)
	classes = call_classes()
	# A class an admin has since removed from the options still counts, after the current ones.
	classes += sorted(
		{c.classification for c in calls if c.classification and c.classification not in classes}
	)
	counts = {
		start: dict.fromkeys([*classes, UNCLASSIFIED], 0)
		for start in periods(period.start, period.end, interval)
	}
	for call in calls:
		counts[period_start(call.received_at, interval)][call.classification or UNCLASSIFIED] += 1
	rows = [make_row(format_period(start, interval), count) for start, count in counts.items()]
	total = make_row(_("Total"), _sum(counts.values(), [*classes, UNCLASSIFIED]), bold=1)
	repeaters = repeat_callers(filters, period)
	return columns(classes), [*rows, total], message(repeaters), chart(rows, classes), summary(total)


def call_classes() -> list[str]:
	"""The classification options of Emergency Call, so the report follows the DocType."""
	options = frappe.get_meta("Emergency Call").get_field("classification").options or ""
	return [o for o in options.split("\n") if o]


def call_filters(filters, period) -> list:
	conditions = [
		*period.filters("received_at"),
		["is_exercise", "=", 0],
		*rf.area_filter("kelurahan", filters.get("kecamatan")),
	]
	if filters.get("channel"):
		conditions.append(["channel", "=", filters.channel])
	return conditions


def fieldname(classification: str) -> str:
	return re.sub(r"[^a-z0-9]+", "_", classification.lower()).strip("_")


UNCLASSIFIED = fieldname(call_states.UNCLASSIFIED)  # the column of calls not classified yet


def make_row(label, count: dict, bold=0) -> dict:
	"""One period's counts; the non-emergency share is of the calls already classified."""
	total = sum(count.values())
	classified = total - count[UNCLASSIFIED]
	row = {"period": label, "total": total, "bold": bold}
	row.update({fieldname(cls): n for cls, n in count.items()})
	row["non_emergency"] = classified - count.get(call_states.EMERGENCY, 0)
	row["non_emergency_share"] = kpi.percent(share(row["non_emergency"], classified))
	return row


def _sum(counts, keys) -> dict:
	counts = list(counts)
	return {key: sum(c[key] for c in counts) for key in keys}


def format_period(start, interval) -> str:
	if interval == "Monthly":
		return f"{start:%Y-%m}"
	if interval == "Weekly":
		return _("Week of {0}").format(frappe.format(start, "Date"))
	return frappe.format(start, "Date")


def columns(classes) -> list[dict]:
	return [
		{"fieldname": "period", "label": _("Period"), "fieldtype": "Data", "width": 150},
		{"fieldname": "total", "label": _("Calls"), "fieldtype": "Int", "width": 90},
		*[{"fieldname": fieldname(c), "label": _(c), "fieldtype": "Int", "width": 110} for c in classes],
		{"fieldname": UNCLASSIFIED, "label": _("Unclassified"), "fieldtype": "Int", "width": 110},
		{
			"fieldname": "non_emergency_share",
			"label": _("Non-Emergency (%)"),
			"fieldtype": "Percent",
			"precision": 1,
			"width": 140,
		},
	]


def chart(rows, classes) -> dict:
	return kpi.bar_chart(
		[r["period"] for r in rows],
		[
			{"name": _(c), "values": [r[fieldname(c)] for r in rows]}
			for c in [*classes, call_states.UNCLASSIFIED]
			if any(r[fieldname(c)] for r in rows)
		],
		stacked=True,
	)


def summary(total: dict) -> list[dict]:
	classified = total["total"] - total[UNCLASSIFIED]
	return [
		kpi.count_tile(_("Calls"), total["total"]),
		kpi.count_tile(_("Emergency"), total.get(fieldname(call_states.EMERGENCY), 0), "Red"),
		kpi.share_tile(_("Non-Emergency"), share(total["non_emergency"], classified)),
	]


# ---------------------------------------------------------------- repeat callers


def repeat_callers(filters, period, limit: int = TOP_NUMBERS) -> list[dict]:
	"""The numbers that called most often in the period (at least twice), masked unless the user may read them.

	``frappe.get_list`` first proves the user may report on these calls at all. Field-level
	permission would drop the number column for a masked role, so the grouping itself then
	runs on the same filters without it and only masked numbers leave this function.
	"""
	visible = reads_caller_fields()
	query = frappe.get_list if visible else frappe.get_all
	if not visible:
		frappe.get_list("Emergency Call", filters=call_filters(filters, period), limit_page_length=1)
	conditions = [*call_filters(filters, period), ["caller_number_normalized", "is", "set"]]
	rows = query(
		"Emergency Call",
		filters=conditions,
		fields=[
			"caller_number_normalized as number",
			"count(name) as calls",
			"max(received_at) as last_call",
		],
		group_by="caller_number_normalized",
		order_by="calls desc, last_call desc",
		limit_page_length=limit,
	)
	rows = [r for r in rows if r.calls >= 2]
	classes = _classes_of([r.number for r in rows], conditions, query)
	key = None if visible else masking_key()
	return [
		{
			"number": r.number if visible else mask_number(r.number, key),
			"calls": r.calls,
			"last_call": r.last_call,
			"classes": classes.get(r.number, {}),
		}
		for r in rows
	]


def _classes_of(numbers, conditions, query) -> dict:
	if not numbers:
		return {}
	result = {}
	for row in query(
		"Emergency Call",
		filters=[*conditions, ["caller_number_normalized", "in", numbers]],
		fields=["caller_number_normalized as number", "classification", "count(name) as calls"],
		group_by="caller_number_normalized, classification",
		order_by="calls desc",
		limit_page_length=0,
	):
		result.setdefault(row.number, {})[row.classification or call_states.UNCLASSIFIED] = row.calls
	return result


def message(repeaters) -> str:
	intro = escape_html(
		_(
			"Emergency calls are a minority of the calls to 112: every prank, silent call or wrong number "
			"keeps an operator from the next emergency."
		)
	)
	if not repeaters:
		return f"<p>{intro}</p><p>{escape_html(_('No number called more than once in this period.'))}</p>"
	head = "".join(
		f"<th>{escape_html(label)}</th>"
		for label in (_("Caller Number"), _("Calls"), _("Last Call"), _("Classes"))
	)
	body = "".join(
		"<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>".format(
			escape_html(r["number"]),
			r["calls"],
			escape_html(frappe.format(r["last_call"], "Datetime")),
			escape_html(", ".join(f"{_(cls)}: {n}" for cls, n in r["classes"].items())),
		)
		for r in repeaters
	)
	title = escape_html(_("Top Repeat Numbers"))
	return (
		f"<p>{intro}</p><h5>{title}</h5>"
		f'<table class="table table-bordered table-sm repeat-callers"><thead><tr>{head}</tr></thead>'
		f"<tbody>{body}</tbody></table>"
	)
