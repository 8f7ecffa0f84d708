"""The roster: shift types, who works which shift, and the shift running now (core/shifts.py)."""

from datetime import date, datetime, timedelta

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, to_timedelta

from ambon_112.core import shifts as core

SHIFT_TYPE, ASSIGNMENT = "Duty Shift", "Roster Assignment"


class RosterError(frappe.ValidationError):
	pass


def _time(value):
	"""A Time field as a time of day (Frappe returns a timedelta from the database)."""
	return (datetime.min + to_timedelta(value)).time()


def shift_types() -> list[core.ShiftType]:
	rows = frappe.get_all(
		SHIFT_TYPE, filters={"is_active": 1}, fields=["name", "start_time", "end_time"], order_by="start_time"
	)
	return [core.ShiftType(r.name, _time(r.start_time), _time(r.end_time)) for r in rows]


def shift_type(name: str) -> core.ShiftType:
	row = frappe.db.get_value(SHIFT_TYPE, name, ["name", "start_time", "end_time"], as_dict=True)
	if not row:
		frappe.throw(_("Unknown shift {0}.").format(name), RosterError)
	return core.ShiftType(row.name, _time(row.start_time), _time(row.end_time))


def occurrence_of(name: str, shift_date) -> core.Occurrence:
	return core.occurrence(shift_type(name), getdate(shift_date))


def running(now: datetime | None = None) -> core.Occurrence | None:
	return core.occurrence_at(now or now_datetime(), shift_types())


def assignments(occurrence: core.Occurrence) -> list[dict]:
	return frappe.get_all(
		ASSIGNMENT,
		filters={"shift_type": occurrence.shift_type, "shift_date": occurrence.shift_date},
		fields=["name", "user", "position", "role_in_shift"],
		order_by="name",
	)


def supervisor_of(occurrence: core.Occurrence | None) -> str | None:
	if not occurrence:
		return None
	return frappe.db.get_value(
		ASSIGNMENT,
		{
			"shift_type": occurrence.shift_type,
			"shift_date": occurrence.shift_date,
			"role_in_shift": core.SUPERVISOR_ROLE,
		},
		"user",
	)


def assignment_of(user: str, moment: datetime) -> dict | None:
	"""The user's assignment whose shift runs at ``moment`` or starts within the early sign-on window."""
	rows = frappe.get_all(
		ASSIGNMENT,
		filters={"user": user, "ends_at": (">", moment), "starts_at": ("<=", core_early(moment))},
		fields=["name", "shift_type", "shift_date", "position", "role_in_shift", "starts_at", "ends_at"],
		order_by="starts_at asc",
		limit=1,
	)
	return rows[0] if rows else None


def core_early(moment: datetime) -> datetime:
	return moment + timedelta(minutes=core.EARLY_SIGN_ON_MINUTES)


def assign_pattern(
	user: str,
	start: date,
	end: date,
	pattern: list[str | None],
	position: str | None = None,
	role_in_shift: str = core.OPERATOR_ROLE,
) -> list[str]:
	"""Roster ``user`` on a repeating pattern of shift types over a date range; days already rostered
	for that user and shift are left as they are. One transaction: a conflict writes nothing."""
	created = []
	for shift_date, name in core.expand_pattern(getdate(start), getdate(end), pattern):
		if frappe.db.exists(ASSIGNMENT, {"user": user, "shift_type": name, "shift_date": shift_date}):
			continue
		doc = frappe.get_doc(
			{
				"doctype": ASSIGNMENT,
				"user": user,
				"shift_type": name,
				"shift_date": shift_date,
				"position": position,
				"role_in_shift": role_in_shift,
			}
		)
		doc.insert()
		created.append(doc.name)
	return created
