"""The unit board's layout: units grouped by agency, minutes in their status, counts.

Rows are plain dicts as the database gives them; the result is what the page renders.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from ambon_112.core.durations import seconds_between

# The Emergency Unit statuses, in the order a board reads them.
UNIT_STATUSES = ("Available", "Dispatched", "En Route", "On Scene", "Returning", "Out of Service")


def minutes_in_status(since: datetime | None, now: datetime) -> int | None:
	seconds = seconds_between(since, now)
	return None if seconds is None else seconds // 60


def group_by_agency(units: Iterable[Mapping], agencies: Mapping[str, Mapping], now: datetime) -> list[dict]:
	"""One group per agency (by abbreviation), its units by call sign, with status counts."""
	groups: dict[str, dict] = {}
	for unit in units:
		agency = unit["agency"]
		group = groups.get(agency)
		if group is None:
			info = agencies.get(agency) or {}
			group = groups[agency] = {
				"agency": agency,
				"abbreviation": info.get("abbreviation") or agency,
				"agency_type": info.get("agency_type"),
				"counts": dict.fromkeys(UNIT_STATUSES, 0),
				"units": [],
			}
		row = dict(unit)
		row["minutes_in_status"] = minutes_in_status(unit.get("status_since"), now)
		group["units"].append(row)
		group["counts"][unit["status"]] = group["counts"].get(unit["status"], 0) + 1
	for group in groups.values():
		group["units"].sort(key=lambda u: u["name"])
	return sorted(groups.values(), key=lambda g: (g["abbreviation"].lower(), g["agency"]))


def totals(groups: Iterable[Mapping]) -> dict[str, int]:
	result = dict.fromkeys(UNIT_STATUSES, 0)
	for group in groups:
		for status, count in group["counts"].items():
			result[status] = result.get(status, 0) + count
	return result
