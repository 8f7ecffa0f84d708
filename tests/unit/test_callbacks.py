"""Which lost calls get a callback, and what each recorded attempt does to the task."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core import callbacks as cb
from ambon_112.core.call_states import CLASSES

KINDS = ("mobile", "landline", "short", "international", "withheld", "invalid", None)
STATES = ("Ringing", "Answered", "Ended", "Missed", None)


@given(st.sampled_from(STATES), st.sampled_from((None, *CLASSES)), st.sampled_from(KINDS), st.booleans())
def test_only_a_lost_call_from_a_number_that_can_be_dialled_needs_a_callback(state, cls, kind, invalid):
	reason = cb.reason_for(state, cls, kind, invalid)
	if kind not in cb.CALLABLE_KINDS or invalid:
		assert reason is None
	elif cls == "Dropped":
		assert reason == cb.REASON_DROPPED
	elif state == "Missed" and not cls:
		assert reason == cb.REASON_MISSED
	else:
		assert reason is None


def test_a_missed_mobile_call_and_a_dropped_landline_call_need_one():
	assert cb.reason_for("Missed", None, "mobile", 0) == "Missed"
	assert cb.reason_for("Ended", "Dropped", "landline", 0) == "Dropped"
	assert cb.reason_for("Missed", None, "withheld", 0) is None
	assert cb.reason_for("Missed", "Prank", "mobile", 0) is None  # classified: the operator heard it


@given(st.integers(min_value=1, max_value=6))
def test_no_answer_keeps_the_task_open_until_the_last_attempt(max_attempts):
	status, attempts = cb.OPEN, 0
	for _ in range(max_attempts - 1):
		result = cb.record(status, attempts, cb.NO_ANSWER, max_attempts)
		assert (result.status, result.outcome) == (cb.OPEN, None)
		status, attempts = result.status, result.attempts
	result = cb.record(status, attempts, cb.NO_ANSWER, max_attempts)
	assert (result.status, result.outcome, result.attempts) == (cb.DONE, cb.NOT_REACHED, max_attempts)


@pytest.mark.parametrize("outcome", [cb.REACHED_EMERGENCY, cb.REACHED_NO_EMERGENCY, cb.NUMBER_UNUSABLE])
def test_any_other_outcome_ends_the_task_at_once(outcome):
	assert cb.record(cb.OPEN, 1, outcome, 3) == cb.AttemptResult(cb.DONE, outcome, 2)


@pytest.mark.parametrize("outcome", [cb.NOT_REACHED, "Reached", ""])
def test_not_reached_is_earned_by_attempts_never_recorded_directly(outcome):
	with pytest.raises(cb.InvalidCallbackOutcome):
		cb.record(cb.OPEN, 0, outcome, 3)


def test_a_done_task_takes_no_more_outcomes():
	with pytest.raises(cb.InvalidCallbackOutcome):
		cb.record(cb.DONE, 1, cb.REACHED_EMERGENCY, 3)
