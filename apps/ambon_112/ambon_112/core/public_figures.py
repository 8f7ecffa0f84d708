"""What the public page /112 may say: counts rounded off below the small-cell limit.

A count under 5 in one kecamatan or one incident type could point at a household, so it is
shown as "< 5" (the rule statistics offices apply to small cells). Nothing finer than a
kecamatan is ever an input here. Pure: the Frappe side feeds plain aggregates.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

SMALL_CELL = 5
HIDDEN = "< 5"


def cell(count: int, minimum: int = SMALL_CELL) -> str:
	"""A count as printed: "< 5" for 1..4, the number otherwise (0 is no one and says so)."""
	count = int(count or 0)
	return HIDDEN if 0 < count < minimum else str(count)


def percent(part: int, whole: int) -> str | None:
	"""A share with one decimal ("93.4"), None when there is nothing to divide."""
	return f"{100 * part / whole:.1f}" if whole else None


def table(counts: Mapping[str, int], labels: Mapping[str, str] | None = None) -> list[dict]:
	"""Rows (label, shown) ordered by count then label; zero rows left out."""
	labels = labels or {}
	ordered = sorted((k for k, n in counts.items() if n), key=lambda k: (-counts[k], labels.get(k, k)))
	return [{"label": labels.get(k, k), "shown": cell(counts[k])} for k in ordered]


def prank_trend(months: Iterable[tuple[str, int, int]]) -> list[dict]:
	"""Per month (label, prank calls, classified calls): the prank share; no count is published."""
	return [
		{"month": label, "share": percent(prank, classified), "bar": round(100 * prank / classified)}
		if classified
		else {"month": label, "share": None, "bar": 0}
		for label, prank, classified in months
	]


def public_figures(raw: Mapping) -> dict:
	"""The public page's figures from the aggregates of the month and the last 12 months.

	raw: calls, emergencies, answered, answered_15 (ints), by_type and by_kecamatan ({key: n}),
	kecamatan_names ({code: name}), prank_months ([(label, prank, classified)]), computed_at.
	"""
	return {
		"calls": cell(raw["calls"]),
		"emergencies": cell(raw["emergencies"]),
		"answered_15": percent(raw["answered_15"], raw["answered"]),
		"by_type": table(raw["by_type"]),
		"by_kecamatan": table(raw["by_kecamatan"], raw.get("kecamatan_names")),
		"prank": prank_trend(raw["prank_months"]),
		"computed_at": raw.get("computed_at"),
	}
