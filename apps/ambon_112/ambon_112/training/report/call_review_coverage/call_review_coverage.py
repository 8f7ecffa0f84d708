"""Quality review per operator and month: live calls answered, calls reviewed, coverage, average score."""

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from ambon_112.training.yearly_report import by_year, operator_column


def columns():
	return [
		operator_column(),
		{"fieldname": "month", "label": _("Month"), "fieldtype": "Data", "width": 90},
		{"fieldname": "calls", "label": _("Live Calls"), "fieldtype": "Int", "width": 100},
		{"fieldname": "reviewed", "label": _("Reviewed"), "fieldtype": "Int", "width": 100},
		{"fieldname": "coverage", "label": _("Coverage"), "fieldtype": "Percent", "width": 100},
		{"fieldname": "average_score", "label": _("Average Score"), "fieldtype": "Percent", "width": 110},
	]


def rows(year: int) -> list[dict]:
	span = (f"{year}-01-01", f"{year}-12-31 23:59:59.999999")
	calls = frappe.get_all(
		"Emergency Call",
		filters={"is_exercise": 0, "answered_at": ("is", "set"), "received_at": ("between", span)},
		fields=["name", "operator", "received_at"],
	)
	reviews = frappe.get_all(
		"Call Review",
		filters={"call_date": ("between", (f"{year}-01-01", f"{year}-12-31"))},
		fields=["call", "operator", "call_date", "status", "score"],
	)
	table: dict[tuple, dict] = {}
	for c in calls:
		key = (c.operator or "", getdate(c.received_at).strftime("%Y-%m"))
		table.setdefault(key, _empty(*key))["calls"] += 1
	for r in reviews:
		key = (r.operator or "", getdate(r.call_date).strftime("%Y-%m"))
		row = table.setdefault(key, _empty(*key))
		row["reviewed"] += 1
		if r.status == "Done":
			row["_scores"].append(r.score or 0)
	for row in table.values():
		scores = row.pop("_scores")
		row["coverage"] = round(100.0 * row["reviewed"] / row["calls"], 1) if row["calls"] else 0
		row["average_score"] = round(sum(scores) / len(scores), 1) if scores else None
	return [table[k] for k in sorted(table)]


def _empty(operator: str, month: str) -> dict:
	return {"operator": operator, "month": month, "calls": 0, "reviewed": 0, "_scores": []}


execute = by_year(columns, rows)
