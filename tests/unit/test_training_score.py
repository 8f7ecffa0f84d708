"""Scoring a drill call against its scenario (core.training_score)."""

from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.training_score import (
	COMPONENTS,
	Actual,
	Expected,
	checklist_score,
	components,
	score,
	timeliness,
)

WEIGHTS = dict.fromkeys(COMPONENTS, 1.0)
FIRE = Expected(
	classification="Emergency",
	incident_type="Fire",
	priority="P1",
	agency_types=frozenset({"Fire", "Police"}),
	triage_questions=frozenset({"Ada orang di dalam?"}),
	latitude=-3.682196,
	longitude=128.212288,
	tolerance_m=300,
)
PERFECT = Actual(
	answer_delay_s=5,
	classify_s=40,
	classification="Emergency",
	incident_type="Fire",
	priority="P1",
	triage_answered=frozenset({"Ada orang di dalam?"}),
	latitude=-3.6830,
	longitude=128.2125,
	agency_types=frozenset({"Fire", "Police"}),
	first_dispatch_s=70,
)


def test_perfect_handling_scores_100_and_passes():
	result = score(FIRE, PERFECT, WEIGHTS, 70)
	assert result.total == 100.0 and result.passed
	assert result.components["duplicate"] is None  # not a multi-call scenario


def test_wrong_class_and_nothing_else_fails():
	result = score(FIRE, Actual(answer_delay_s=5, classify_s=10, classification="Prank"), WEIGHTS, 70)
	assert result.components["class"] == 0 and result.components["agencies"] == 0
	assert not result.passed
	# answer and classify time were on budget: 2 of the 9 components that apply
	assert result.total == round(100 * 2 / 9, 1)


def test_location_outside_tolerance_loses_the_location_component():
	far = Actual(**{**PERFECT.__dict__, "latitude": -3.6912})  # about 1 km south
	assert components(FIRE, far)["location"] == 0.0
	assert components(FIRE, PERFECT)["location"] == 1.0


def test_wrong_agencies_count_by_overlap():
	only_fire = Actual(**{**PERFECT.__dict__, "agency_types": frozenset({"Fire", "Military"})})
	assert components(FIRE, only_fire)["agencies"] == 1 / 3


def test_prank_scores_only_class_and_times():
	prank = Expected(classification="Prank")
	parts = components(prank, Actual(answer_delay_s=3, classify_s=20, classification="Prank"))
	assert {k for k, v in parts.items() if v is not None} == {"answer", "classify_time", "class"}
	assert (
		score(prank, Actual(answer_delay_s=3, classify_s=20, classification="Prank"), WEIGHTS, 70).total
		== 100
	)


def test_duplicate_scored_only_when_the_call_should_be_linked():
	later = Expected(**{**FIRE.__dict__, "links_duplicate": True})
	assert components(later, PERFECT)["duplicate"] == 0.0
	assert components(later, Actual(**{**PERFECT.__dict__, "linked_to_expected": True}))["duplicate"] == 1.0
	assert components(later, PERFECT)["dispatch_time"] is None  # the first call's incident was dispatched


def test_weights_change_the_total():
	wrong_type = Actual(**{**PERFECT.__dict__, "incident_type": "Flood"})
	light = score(FIRE, wrong_type, {**WEIGHTS, "incident_type": 0.0}, 70).total
	heavy = score(FIRE, wrong_type, {**WEIGHTS, "incident_type": 10.0}, 70).total
	assert light == 100.0 and heavy < 60


@given(st.floats(0, 10_000), st.floats(1, 600))
def test_timeliness_is_full_within_budget_and_falls_after(seconds, budget):
	value = timeliness(seconds, budget)
	assert 0.0 <= value <= 1.0
	assert (value == 1.0) == (seconds <= budget)
	assert timeliness(seconds + 1, budget) <= value


@given(
	st.sampled_from(["Emergency", "Prank", "Wrong Number"]),
	st.one_of(st.none(), st.floats(0, 1000)),
	st.one_of(st.none(), st.floats(0, 1000)),
	st.booleans(),
	st.dictionaries(st.sampled_from(COMPONENTS), st.floats(0, 10)),
	st.floats(0, 100),
)
def test_total_is_a_percentage_and_pass_follows_the_mark(cls, answer, classify, linked, weights, mark):
	actual = Actual(answer_delay_s=answer, classify_s=classify, classification=cls, linked_to_expected=linked)
	result = score(FIRE, actual, {**dict.fromkeys(COMPONENTS, 0.0), **weights}, mark)
	assert 0.0 <= result.total <= 100.0
	assert result.passed == (result.total >= mark)


@given(st.lists(st.tuples(st.floats(0, 5), st.booleans()), max_size=10))
def test_checklist_score(items):
	value = checklist_score(items)
	assert 0 <= value <= 100
	if all(met for w, met in items) and any(w > 0 for w, _ in items):
		assert value == 100


def test_checklist_score_weights_items():
	assert checklist_score([(2, True), (1, False), (1, False)]) == 50.0
