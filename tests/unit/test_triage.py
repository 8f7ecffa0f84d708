import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.triage import (
	CHOICE,
	NUMBER,
	PRIORITIES,
	YES_NO,
	Question,
	Rule,
	TriageError,
	normalize_answer,
	number_in_range,
	rule_problem,
	score,
)

TRAPPED = Question(
	"trapped",
	"Ada orang terjebak?",
	YES_NO,
	rules=(
		Rule("Yes", priority_at_least="P1", add_agency_type="Search and Rescue"),
		Rule("Yes", add_agency_type="Ambulance / Health"),
	),
)
WATER = Question(
	"water",
	"Ketinggian air (cm)?",
	NUMBER,
	rules=(Rule("100+", priority_change=1), Rule("<30", priority_change=-1)),
)
BUILDING = Question(
	"building",
	"Jenis bangunan?",
	CHOICE,
	choices=("Rumah", "Pasar", "Gudang BBM"),
	rules=(Rule("Gudang BBM", priority_change=2, add_agency_type="Police"),),
)
FLOOD = (TRAPPED, WATER)


def test_no_answers_keep_the_default_priority():
	outcome = score("P2", FLOOD, {})
	assert (outcome.priority, outcome.reasons, outcome.agency_types) == ("P2", (), ())


def test_deep_water_raises_one_level_and_says_why():
	outcome = score("P2", FLOOD, {"water": "150"})
	assert outcome.priority == "P1"
	(reason,) = outcome.reasons
	assert (reason.question, reason.answer, reason.priority_change) == ("water", "150", 1)


def test_shallow_water_lowers_the_priority():
	assert score("P2", FLOOD, {"water": "20", "trapped": "tidak"}).priority == "P3"


def test_a_floor_wins_over_a_lowering_and_agencies_are_added_once():
	outcome = score("P3", FLOOD, {"trapped": "ya", "water": "10"})
	assert outcome.priority == "P1"
	assert outcome.agency_types == ("Search and Rescue", "Ambulance / Health")
	assert outcome.answers == {"trapped": "Yes", "water": "10"}
	assert len(outcome.reasons) == 3


def test_priority_is_clamped():
	assert score("P1", (BUILDING,), {"building": "gudang bbm"}).priority == "P1"
	assert score("P4", (WATER,), {"water": "5"}).priority == "P4"


def test_wrong_answers_are_refused():
	with pytest.raises(TriageError):
		score("P2", FLOOD, {"trapped": "maybe"})
	with pytest.raises(TriageError):
		score("P2", FLOOD, {"water": "deep"})
	with pytest.raises(TriageError):
		score("P2", (BUILDING,), {"building": "Masjid"})
	with pytest.raises(TriageError):
		score("P2", FLOOD, {"unknown-question": "Yes"})
	with pytest.raises(TriageError):
		score("P9", FLOOD, {})


@pytest.mark.parametrize(
	"value, expression, expected",
	[
		(3, "3", True),
		(3, "1-5", True),
		(6, "1-5", False),
		(3, "5-1", True),
		(100, "100+", True),
		(99.9, "100+", False),
		(29, "<30", True),
		(30, "<30", False),
		(30, "<=30", True),
		(31, ">30", True),
		(30, ">=30", True),
		(-2, "-5--1", True),
		(3, "three", False),
		(3, "", False),
	],
)
def test_number_ranges(value, expression, expected):
	assert number_in_range(value, expression) is expected


def test_answers_are_normalised():
	assert normalize_answer(TRAPPED, " YA ") == "Yes"
	assert normalize_answer(WATER, "12,5") == "12.5"
	assert normalize_answer(WATER, "40.0") == "40"
	assert normalize_answer(BUILDING, "pasar") == "Pasar"
	for bad in ("nan", "inf", "1e9"):
		with pytest.raises(TriageError):
			normalize_answer(WATER, bad)


def test_rules_that_can_never_match_are_found():
	assert rule_problem(TRAPPED, Rule("Mungkin")) == "yes_no"
	assert rule_problem(BUILDING, Rule("Masjid")) == "choice"
	assert rule_problem(WATER, Rule("lots")) == "range"
	assert rule_problem(WATER, Rule("1-2", priority_at_least="P0")) == "priority"
	assert rule_problem(WATER, Rule("1-2")) is None


@given(
	base=st.sampled_from(PRIORITIES),
	changes=st.lists(st.integers(min_value=-3, max_value=3), max_size=5),
	floors=st.lists(st.sampled_from([None, *PRIORITIES]), max_size=5),
	answers=st.lists(st.booleans(), max_size=5),
)
def test_fuzz_priority_is_always_valid_and_respects_every_floor(base, changes, floors, answers):
	questions = tuple(
		Question(f"q{i}", f"Q{i}", YES_NO, rules=(Rule("Yes", change, floor),))
		for i, (change, floor) in enumerate(zip(changes, floors, strict=False))
	)
	given_answers = {q.key: ("Yes" if yes else "No") for q, yes in zip(questions, answers, strict=False)}
	outcome = score(base, questions, given_answers)
	assert outcome.priority in PRIORITIES
	for reason in outcome.reasons:
		if reason.priority_at_least:
			assert PRIORITIES.index(outcome.priority) <= PRIORITIES.index(reason.priority_at_least)
	if not outcome.reasons:
		assert outcome.priority == base
