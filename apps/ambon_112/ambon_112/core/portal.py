"""What an agency's phone shows: order of the dispatch list, waiting times, navigation links.

Pure: no frappe. The portal pages and the agency API feed plain dicts through these.
"""

from datetime import datetime
from urllib.parse import quote

from ambon_112.core.incident_states import DISPATCH_ACTIVE, PRIORITIES

PRIORITY_RANK = {priority: rank for rank, priority in enumerate(PRIORITIES, 1)}
UNRANKED = 9  # an incident without a priority sorts after every ranked one
# The buttons an agency crew presses, in the order they happen; each names the status it records.
CREW_STEPS = ("Acknowledged", "En Route", "On Scene", "Cleared")


def minutes_since(start: datetime | None, now: datetime) -> int | None:
	"""Whole minutes from ``start`` to ``now``; never negative (clock skew reads as 0)."""
	if start is None:
		return None
	return max(0, int((now - start).total_seconds() // 60))


def urgency_key(row: dict) -> tuple:
	"""Active before finished, then most urgent priority, then newest dispatch first."""
	dispatched = row.get("dispatched_at")
	return (
		0 if row.get("status") in DISPATCH_ACTIVE else 1,
		PRIORITY_RANK.get(row.get("priority") or "", UNRANKED),
		-(dispatched.timestamp() if dispatched else 0),
	)


def order_for_agency(rows: list[dict]) -> list[dict]:
	return sorted(rows, key=urgency_key)


def next_steps(status: str) -> list[str]:
	"""Crew steps still ahead of ``status``: a crew may skip a step (e.g. straight to On Scene)."""
	if status not in DISPATCH_ACTIVE:
		return []
	done = CREW_STEPS.index(status) + 1 if status in CREW_STEPS else 0
	return list(CREW_STEPS[done:])


def navigation_links(lat: float | None, lng: float | None, label: str = "") -> dict:
	"""Links that open the phone's navigation app at the incident; empty without a position."""
	if not (lat or lng):
		return {}
	point = f"{lat:.6f},{lng:.6f}"
	return {
		"geo": f"geo:{point}?q={point}({quote(label)})" if label else f"geo:{point}?q={point}",
		"google": f"https://www.google.com/maps/dir/?api=1&destination={point}",
	}
