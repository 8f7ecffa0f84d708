"""Percentiles and service levels for the 112 KPIs.

Percentiles interpolate linearly between the two closest ranks (Hyndman & Fan type 7): the
definition of numpy's default, Excel's PERCENTILE.INC and Python's
``statistics.quantiles(method="inclusive")``, so a supervisor can check any figure in a
spreadsheet. The p50 of 10 s and 20 s is 15 s. A percentile alone hides the tail, and an
average hides everything, so the reports show p50/p90/p95 beside the share of values within
each standard's threshold.

A share "within" a threshold counts values at or below it: NENA counts a call answered in
exactly 15 s as answered within 15 s.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

PERCENTILES = (50, 90, 95)


def percentile(values: Iterable[float], p: float, presorted: bool = False) -> float | None:
	"""The p-th percentile (0 ≤ p ≤ 100) by linear interpolation; None for no values."""
	if not 0 <= p <= 100:
		raise ValueError(f"percentile out of range: {p}")
	data = values if presorted else sorted(values)
	if not isinstance(data, Sequence):
		data = list(data)
	if not data:
		return None
	position = (len(data) - 1) * p / 100
	low = math.floor(position)
	high = min(low + 1, len(data) - 1)
	fraction = position - low
	if fraction == 0:
		return float(data[low])
	return data[low] + (data[high] - data[low]) * fraction


def share_within(values: Iterable[float], threshold: float) -> float | None:
	"""The fraction (0..1) of values at or below ``threshold``; None for no values."""
	values = list(values)
	if not values:
		return None
	return sum(1 for v in values if v <= threshold) / len(values)


@dataclass(frozen=True)
class Summary:
	"""What a KPI row shows about one group of durations (in seconds)."""

	count: int
	percentiles: dict[int, float | None] = field(default_factory=dict)
	within: dict[float, float | None] = field(default_factory=dict)

	def p(self, n: int) -> float | None:
		return self.percentiles.get(n)


def summarize(
	values: Iterable[float], thresholds: Iterable[float] = (), percentiles: Iterable[int] = PERCENTILES
) -> Summary:
	"""Count, percentiles and shares within each threshold of ``values`` (None values are skipped)."""
	data = sorted(v for v in values if v is not None)
	return Summary(
		count=len(data),
		percentiles={p: percentile(data, p, presorted=True) for p in percentiles},
		within={t: share_within(data, t) for t in thresholds},
	)


def share(part: int, whole: int) -> float | None:
	"""part / whole, or None when there is nothing to divide."""
	return part / whole if whole else None
