"""Triage scoring: the operator's answers move an incident's priority and add agency types.

Admins write the questions and their rules in the desk. Each rule says: when the answer is X,
raise (positive) or lower (negative) the priority by N levels, and/or make it at least Pn, and/or
add an agency type. The result starts from the incident type's default priority, adds every
matching rule's levels, clamps to P1..P4, then applies the most urgent "at least" floor. Every
rule that matched is returned as a reason, so the incident shows why it got its priority.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ambon_112.core.errors import CoreError
from ambon_112.core.incident_states import PRIORITIES

YES_NO, CHOICE, NUMBER = "Yes/No", "Choice", "Number"
ANSWER_TYPES = (YES_NO, CHOICE, NUMBER)
YES, NO = "Yes", "No"
_YES_WORDS = {"yes", "ya", "y", "1", "true"}
_NO_WORDS = {"no", "tidak", "t", "n", "0", "false"}
MAX_NUMBER = 1_000_000

# Number rules: "3", "1-2", "3+", ">=3", ">2", "<=1", "<1"
_RANGE = re.compile(
	r"\s*(?:(?P<op><=|>=|<|>)\s*(?P<bound>-?\d+(?:\.\d+)?)"
	r"|(?P<low>-?\d+(?:\.\d+)?)\s*(?:(?P<plus>\+)|-\s*(?P<high>-?\d+(?:\.\d+)?))?)\s*"
)


class TriageError(CoreError):
	code = "triage_invalid"


@dataclass(frozen=True)
class Rule:
	answer: str
	priority_change: int = 0
	priority_at_least: str | None = None
	add_agency_type: str | None = None


@dataclass(frozen=True)
class Question:
	key: str
	text: str
	answer_type: str
	choices: tuple[str, ...] = ()
	rules: tuple[Rule, ...] = ()


@dataclass(frozen=True)
class Reason:
	question: str  # key
	question_text: str
	answer: str
	priority_change: int
	priority_at_least: str | None
	agency_type: str | None


@dataclass(frozen=True)
class Outcome:
	base_priority: str
	priority: str
	answers: dict[str, str] = field(default_factory=dict)  # key -> normalised answer
	reasons: tuple[Reason, ...] = ()
	agency_types: tuple[str, ...] = ()


def normalize_answer(question: Question, raw) -> str:
	"""The answer as stored: "Yes"/"No", the exact choice, or the number as text."""
	text = "" if raw is None else str(raw).strip()
	if question.answer_type == YES_NO:
		if text.lower() in _YES_WORDS:
			return YES
		if text.lower() in _NO_WORDS:
			return NO
		raise TriageError("answer must be yes or no", question=question.key, answer=text[:40])
	if question.answer_type == CHOICE:
		for choice in question.choices:
			if text.casefold() == choice.casefold():
				return choice
		raise TriageError("answer is not one of the choices", question=question.key, answer=text[:40])
	if question.answer_type == NUMBER:
		value = _as_number(text)
		if value is None:
			raise TriageError("answer must be a number", question=question.key, answer=text[:40])
		return _format_number(value)
	raise TriageError("unknown answer type", question=question.key, answer_type=question.answer_type)


def rule_matches(question: Question, rule: Rule, answer: str) -> bool:
	"""Whether a normalised answer triggers the rule."""
	if question.answer_type == NUMBER:
		value = _as_number(answer)
		return value is not None and number_in_range(value, rule.answer)
	return rule.answer.strip().casefold() == answer.casefold()


def number_in_range(value: float, expression: str) -> bool:
	match = _RANGE.fullmatch(expression or "")
	if not match:
		return False
	if match["op"]:
		bound = float(match["bound"])
		return {
			"<": value < bound,
			"<=": value <= bound,
			">": value > bound,
			">=": value >= bound,
		}[match["op"]]
	low = float(match["low"])
	if match["plus"]:
		return value >= low
	if match["high"] is not None:
		high = float(match["high"])
		return min(low, high) <= value <= max(low, high)
	return value == low


def rule_problem(question: Question, rule: Rule) -> str | None:
	"""Why an admin's rule can never match its question (None when it can)."""
	if question.answer_type == YES_NO and rule.answer.strip().casefold() not in ("yes", "no"):
		return "yes_no"
	if question.answer_type == CHOICE and rule.answer.strip().casefold() not in {
		c.casefold() for c in question.choices
	}:
		return "choice"
	if question.answer_type == NUMBER and not _RANGE.fullmatch(rule.answer or ""):
		return "range"
	if rule.priority_at_least and rule.priority_at_least not in PRIORITIES:
		return "priority"
	return None


def score(base_priority: str, questions: Iterable[Question], answers: Mapping[str, object]) -> Outcome:
	"""The priority and reasons that the answers give. Unanswered questions change nothing.

	Raises TriageError for an answer to an unknown question or an answer of the wrong kind.
	"""
	if base_priority not in PRIORITIES:
		raise TriageError("unknown base priority", priority=base_priority)
	by_key = {q.key: q for q in questions}
	unknown = [key for key in answers if key not in by_key]
	if unknown:
		raise TriageError("answer to an unknown question", question=str(unknown[0])[:140])
	level = PRIORITIES.index(base_priority)
	floor = len(PRIORITIES) - 1
	normalised, reasons, agency_types = {}, [], []
	for key, question in by_key.items():
		raw = answers.get(key)
		if raw is None or str(raw).strip() == "":
			continue
		answer = normalize_answer(question, raw)
		normalised[key] = answer
		for rule in question.rules:
			if not rule_matches(question, rule, answer):
				continue
			level -= rule.priority_change
			if rule.priority_at_least in PRIORITIES:
				floor = min(floor, PRIORITIES.index(rule.priority_at_least))
			if rule.add_agency_type and rule.add_agency_type not in agency_types:
				agency_types.append(rule.add_agency_type)
			reasons.append(
				Reason(
					key,
					question.text,
					answer,
					rule.priority_change,
					rule.priority_at_least or None,
					rule.add_agency_type or None,
				)
			)
	level = min(max(level, 0), len(PRIORITIES) - 1, floor)
	return Outcome(base_priority, PRIORITIES[level], normalised, tuple(reasons), tuple(agency_types))


def _as_number(text: str) -> float | None:
	try:
		value = float(text.replace(",", "."))
	except (TypeError, ValueError):
		return None
	if not math.isfinite(value) or abs(value) > MAX_NUMBER:
		return None
	return value


def _format_number(value: float) -> str:
	return str(int(value)) if value == int(value) else repr(value)
