"""The filters every command-centre report shares: a period in WIT and the incident dimensions.

Reports read through ``frappe.get_list`` only, so role permissions, the agency scope of
permissions.py and field-level permissions apply to them as to any list. Drills
(``is_exercise``) never count. Datetimes are stored in the site's time zone, Asia/Jayapura
(WIT), so a date range is WIT midnight to WIT midnight.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import frappe
from frappe import _
from frappe.utils import add_days, getdate

from ambon_112.core.incident_states import PRIORITIES
from ambon_112.exceptions import InvalidReportFilterError, InvalidReportPeriodError

DEFAULT_DAYS = 30
MAX_DAYS = 400  # a year and a bit: longer ranges are for the archive, not for a desk report


@dataclass(frozen=True)
class Period:
	start: date
	end: date  # inclusive

	@property
	def start_dt(self) -> datetime:
		return datetime.combine(self.start, time.min)

	@property
	def end_dt(self) -> datetime:
		"""Exclusive: midnight after the last day."""
		return datetime.combine(self.end + timedelta(days=1), time.min)

	def filters(self, fieldname: str) -> list:
		return [[fieldname, ">=", self.start_dt], [fieldname, "<", self.end_dt]]

	def days(self) -> list[date]:
		return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


def parse(filters) -> frappe._dict:
	return frappe._dict(frappe.parse_json(filters) if isinstance(filters, str) else (filters or {}))


def period(filters) -> Period:
	"""The report's date range; the last 30 days when none is given."""
	end = _date(filters.get("to_date")) if filters.get("to_date") else getdate()
	start = _date(filters.get("from_date")) if filters.get("from_date") else add_days(end, 1 - DEFAULT_DAYS)
	if start > end:
		frappe.throw(
			_("The period starts ({0}) after it ends ({1}).").format(
				frappe.format(start, "Date"), frappe.format(end, "Date")
			),
			InvalidReportPeriodError,
			title=_("Invalid Period"),
		)
	if (end - start).days + 1 > MAX_DAYS:
		frappe.throw(
			_("The period is {0} days long; a report covers at most {1} days.").format(
				(end - start).days + 1, MAX_DAYS
			),
			InvalidReportPeriodError,
			title=_("Invalid Period"),
		)
	return Period(start, end)


def _date(value) -> date:
	try:
		return getdate(value)
	except frappe.ValidationError:
		frappe.clear_last_message()  # getdate's own message; ours says which report filter is wrong
	except (TypeError, ValueError):
		pass
	frappe.throw(
		_("{0} is not a date.").format(frappe.bold(value)),
		InvalidReportPeriodError,
		title=_("Invalid Period"),
	)


def choice(filters, key: str, allowed: tuple, default: str) -> str:
	"""A filter that picks one of a fixed list (a grouping, an interval), refused when unknown."""
	value = filters.get(key) or default
	if value not in allowed:
		frappe.throw(
			_("Unknown value {0} for {1}.").format(frappe.bold(value), key), InvalidReportFilterError
		)
	return value


def check_priority(filters):
	if filters.get("priority") and filters.priority not in PRIORITIES:
		frappe.throw(
			_("Unknown priority {0}.").format(frappe.bold(filters.priority)), InvalidReportFilterError
		)


def area_filter(fieldname: str, area: str | None) -> list:
	"""Rows whose ``fieldname`` (a kelurahan) lies in ``area`` (a kecamatan, or a kelurahan itself)."""
	return [[fieldname, "descendants of (inclusive)", area]] if area else []


def _type_and_priority_filters(filters) -> list:
	"""Drills left out; the incident type (with its sub-types) and the priority, when given."""
	check_priority(filters)
	result = [["is_exercise", "=", 0]]
	if filters.get("incident_type"):
		result.append(["incident_type", "descendants of (inclusive)", filters.incident_type])
	if filters.get("priority"):
		result.append(["priority", "=", filters.priority])
	return result


def incident_filters(filters) -> list:
	"""Incident-level dimension filters, for ``frappe.get_list("Incident", ...)``."""
	result = _type_and_priority_filters(filters)
	if filters.get("kecamatan"):
		result += area_filter("kelurahan", filters.kecamatan)
	if filters.get("agency"):
		result.append(["Incident Agency", "agency", "=", filters.agency])
	return result


def dispatch_filters(filters) -> list:
	"""The same dimensions on a Dispatch, which carries its incident's type, priority and kelurahan."""
	result = _type_and_priority_filters(filters)
	if filters.get("agency"):
		result.append(["agency", "=", filters.agency])
	result += area_filter("kelurahan", filters.get("kecamatan"))
	return result


def has_incident_dimension(filters) -> bool:
	return any(filters.get(key) for key in ("incident_type", "priority", "agency"))


def incidents_matching(filters, names) -> set[str]:
	"""Which of ``names`` satisfy the incident-level filters (type, priority, agency), as the user sees them."""
	names = sorted({n for n in names if n})
	matching = set()
	# The kecamatan filter applies to where the call came from, not to the incident.
	dims = incident_filters(frappe._dict(filters, kecamatan=None))
	for chunk in _chunks(names, 1000):
		matching.update(
			frappe.get_list(
				"Incident",
				filters=[*dims, ["name", "in", chunk]],
				pluck="name",
				limit_page_length=0,
				distinct=True,
			)
		)
	return matching


def first_answers(incidents) -> dict[str, datetime]:
	"""For each incident, when an operator first answered one of its calls."""
	result = {}
	for chunk in _chunks(sorted(incidents), 1000):
		for row in frappe.get_list(
			"Emergency Call",
			filters=[["incident", "in", chunk]],
			fields=["incident", "min(answered_at) as first_answered_at"],  # min() skips unanswered calls
			group_by="incident",
			order_by="incident",
			limit_page_length=0,
		):
			result[row.incident] = row.first_answered_at
	return result


def area_names() -> dict[str, str]:
	"""Every Ambon Area code with its name (reference data: 56 rows)."""
	return dict(frappe.get_all("Ambon Area", fields=["name", "area_name"], as_list=True))


def kecamatan_of() -> dict[str, str]:
	"""Village code -> kecamatan code (a kecamatan maps to itself)."""
	rows = frappe.get_all("Ambon Area", fields=["name", "level", "parent_ambon_area"])
	return {
		r.name: (r.name if r.level == "Kecamatan" else r.parent_ambon_area) for r in rows if r.level != "Kota"
	}


def incident_type_roots() -> dict[str, str]:
	"""Incident type -> its top-level group ("Flood" -> "Natural Disaster")."""
	rows = frappe.get_all("Incident Type", fields=["name", "parent_incident_type"])
	parents = {r.name: r.parent_incident_type for r in rows}

	def root(name):
		seen = set()
		while parents.get(name) and name not in seen:
			seen.add(name)
			name = parents[name]
		return name

	return {name: root(name) for name in parents}


def _chunks(items: list, size: int):
	for i in range(0, len(items), size):
		yield items[i : i + size]
