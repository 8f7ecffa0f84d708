"""Scoring a trainee's handling of one drill call against the scenario's expected outcome.

Each component is a fraction 0..1, or None when it does not apply to the scenario (a prank has
no incident type to get right). The total is the weighted mean of the components that apply, in
percent; weights and the pass mark are settings. Nothing here knows about Frappe.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ambon_112.core.geo import haversine_m

COMPONENTS = (
	"answer",
	"classify_time",
	"class",
	"incident_type",
	"priority",
	"triage",
	"location",
	"agencies",
	"dispatch_time",
	"duplicate",
)
# A time past its budget loses credit linearly and has none left at this multiple of the budget.
ZERO_CREDIT_AT = 3.0


@dataclass(frozen=True)
class Expected:
	classification: str
	incident_type: str | None = None
	priority: str | None = None
	agency_types: frozenset[str] = frozenset()
	triage_questions: frozenset[str] = frozenset()
	latitude: float | None = None
	longitude: float | None = None
	tolerance_m: float = 300
	answer_budget_s: float = 15
	classify_budget_s: float = 90
	dispatch_budget_s: float = 120
	links_duplicate: bool = False  # a later call of a multi-call scenario: link, do not create


@dataclass(frozen=True)
class Actual:
	answer_delay_s: float | None = None
	classify_s: float | None = None
	classification: str | None = None
	incident_type: str | None = None
	priority: str | None = None
	triage_answered: frozenset[str] = frozenset()
	latitude: float | None = None
	longitude: float | None = None
	agency_types: frozenset[str] = frozenset()
	first_dispatch_s: float | None = None
	linked_to_expected: bool = False


@dataclass(frozen=True)
class Score:
	components: dict[str, float | None] = field(default_factory=dict)
	total: float = 0.0  # percent
	passed: bool = False


def timeliness(seconds: float | None, budget: float) -> float:
	"""1 within the budget, falling linearly to 0 at ZERO_CREDIT_AT times it; never done: 0."""
	if seconds is None:
		return 0.0
	if seconds <= budget:
		return 1.0
	if budget <= 0:
		return 0.0
	return max(0.0, 1.0 - (seconds - budget) / (budget * (ZERO_CREDIT_AT - 1)))


def components(expected: Expected, actual: Actual) -> dict[str, float | None]:
	emergency = expected.classification == "Emergency"
	has_truth = expected.latitude is not None and expected.longitude is not None
	return {
		"answer": timeliness(actual.answer_delay_s, expected.answer_budget_s),
		"classify_time": timeliness(actual.classify_s, expected.classify_budget_s),
		"class": _same(expected.classification, actual.classification),
		"incident_type": _same(expected.incident_type, actual.incident_type) if emergency else None,
		"priority": _same(expected.priority, actual.priority) if emergency and expected.priority else None,
		"triage": _share(expected.triage_questions, actual.triage_answered) if emergency else None,
		"location": _location(expected, actual) if emergency and has_truth else None,
		"agencies": _agencies(expected.agency_types, actual.agency_types) if emergency else None,
		"dispatch_time": (
			timeliness(actual.first_dispatch_s, expected.dispatch_budget_s)
			if emergency and expected.agency_types and not expected.links_duplicate
			else None
		),
		"duplicate": (1.0 if actual.linked_to_expected else 0.0) if expected.links_duplicate else None,
	}


def score(expected: Expected, actual: Actual, weights: Mapping[str, float], pass_mark: float) -> Score:
	parts = components(expected, actual)
	applicable = {k: v for k, v in parts.items() if v is not None and weights.get(k, 0) > 0}
	weight_sum = sum(weights[k] for k in applicable)
	total = 100.0 * sum(weights[k] * v for k, v in applicable.items()) / weight_sum if weight_sum else 0.0
	total = round(total, 1)
	return Score(components=parts, total=total, passed=total >= pass_mark)


def _same(expected: str | None, actual: str | None) -> float:
	return 1.0 if expected and expected == actual else 0.0


def _share(expected: frozenset[str], actual: frozenset[str]) -> float:
	if not expected:
		return 1.0
	return len(expected & actual) / len(expected)


def _location(expected: Expected, actual: Actual) -> float:
	if actual.latitude is None or actual.longitude is None:
		return 0.0
	distance = haversine_m(expected.latitude, expected.longitude, actual.latitude, actual.longitude)
	return 1.0 if distance <= expected.tolerance_m else 0.0


def _agencies(expected: frozenset[str], actual: frozenset[str]) -> float:
	"""Jaccard: every expected agency type sent and nothing else; nothing expected, nothing sent."""
	if not expected and not actual:
		return 1.0
	return len(expected & actual) / len(expected | actual)


def checklist_score(items: list[tuple[float, bool]]) -> float:
	"""A call review's score in percent: the weight of the items met over the weight of all."""
	total = sum(w for w, _ in items if w > 0)
	return round(100.0 * sum(w for w, met in items if met and w > 0) / total, 1) if total else 0.0
