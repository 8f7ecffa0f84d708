"""Per operator: drill sessions, hours, scenarios passed and failed, and who is behind the annual target.

The only reports that read exercise data: KPIs never do (their filters keep ``is_exercise = 0``).
"""

import frappe
from frappe import _
from frappe.utils import flt, get_datetime, getdate, nowdate

from ambon_112.roles import OPERATOR
from ambon_112.training.settings import setting
from ambon_112.training.yearly_report import by_year, operator_column


def columns():
	return [
		operator_column(),
		{"fieldname": "sessions", "label": _("Sessions"), "fieldtype": "Int", "width": 90},
		{"fieldname": "hours", "label": _("Hours"), "fieldtype": "Float", "precision": 2, "width": 90},
		{"fieldname": "passed", "label": _("Scenarios Passed"), "fieldtype": "Int", "width": 120},
		{"fieldname": "failed", "label": _("Scenarios Failed"), "fieldtype": "Int", "width": 120},
		{"fieldname": "average_score", "label": _("Average Score"), "fieldtype": "Percent", "width": 110},
		{
			"fieldname": "target_hours",
			"label": _("Annual Target (hours)"),
			"fieldtype": "Float",
			"width": 140,
		},
		{"fieldname": "behind", "label": _("Behind Target"), "fieldtype": "Check", "width": 110},
	]


def rows(year: int) -> list[dict]:
	return rows_between(f"{year}-01-01", f"{year}-12-31 23:59:59.999999")


def rows_between(start: str, end: str) -> list[dict]:
	"""Per operator, the drills that started from ``start`` to ``end`` (the monthly report reads a
	month of it)."""
	session = frappe.qb.DocType("Exercise Session")
	trainee = frappe.qb.DocType("Exercise Session Trainee")
	sessions = (
		frappe.qb.from_(session)
		.join(trainee)
		.on((trainee.parent == session.name) & (trainee.parenttype == "Exercise Session"))
		.select(trainee.trainee, session.name, session.started_at, session.ended_at)
		.where((session.status == "Ended") & (session.started_at[start:end]))
	).run(as_dict=True)
	target = setting("annual_target_hours")
	# Every operator counts toward the target: one who trained not at all is the most behind.
	by_operator: dict[str, dict] = {user: _empty(user, target) for user in _operators()}
	for s in sessions:
		row = by_operator.setdefault(s.trainee, _empty(s.trainee, target))
		row["sessions"] += 1
		row["hours"] += (get_datetime(s.ended_at) - get_datetime(s.started_at)).total_seconds() / 3600
		results = frappe.get_all(
			"Exercise Result",
			filters={
				"parent": s.name,
				"parenttype": "Exercise Session",
				"trainee": s.trainee,
				"call": ("is", "set"),  # a call never rung (the drill ended first) is no result
			},
			fields=["passed", "total_score"],
		)
		row["passed"] += sum(1 for r in results if r.passed)
		row["failed"] += sum(1 for r in results if not r.passed)
		row["_scores"].extend(flt(r.total_score) for r in results)
	for row in by_operator.values():
		scores = row.pop("_scores")
		row["average_score"] = round(sum(scores) / len(scores), 1) if scores else 0
		row["hours"] = round(row["hours"], 2)
		row["behind"] = int(row["hours"] < target)
	return sorted(by_operator.values(), key=lambda r: r["operator"])


def _empty(operator: str, target: float) -> dict:
	return {
		"operator": operator,
		"sessions": 0,
		"hours": 0.0,
		"passed": 0,
		"failed": 0,
		"target_hours": target,
		"_scores": [],
	}


def _operators() -> list[str]:
	return frappe.get_all(
		"Has Role",
		filters={"role": OPERATOR, "parenttype": "User", "parent": ("in", _enabled_users())},
		pluck="parent",
		distinct=True,
	)


def _enabled_users() -> list[str]:
	return frappe.get_all("User", filters={"enabled": 1, "user_type": "System User"}, pluck="name")


execute = by_year(columns, rows)
