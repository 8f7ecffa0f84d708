import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core import incident_states
from ambon_112.core.incident_states import dispatch_transition_allowed, incident_milestones_due

DOCTYPES = Path(__file__).resolve().parents[2] / "apps" / "ambon_112" / "ambon_112" / "dispatch" / "doctype"


def status_options(doctype: str) -> tuple[str, ...]:
	"""The options of the DocType's Status field, as its JSON (the desk's source) lists them."""
	meta = json.loads((DOCTYPES / doctype / f"{doctype}.json").read_text())
	(status,) = [f for f in meta["fields"] if f["fieldname"] == "status"]
	return tuple(status["options"].split("\n"))


DISPATCH_STATUSES = status_options("dispatch")
ACTIVE = incident_states.DISPATCH_ACTIVE
INCIDENT_STATUSES = (*incident_states.INCIDENT_PROGRESS, *incident_states.INCIDENT_EXITS)
MILESTONES = ("triaged_at", "resolved_at", "closed_at")


def test_status_lists_match_the_doctype_options():
	final = set(incident_states.DISPATCH_FINAL)
	assert (*incident_states.DISPATCH_PROGRESS, *sorted(final - {"Cleared"})) == DISPATCH_STATUSES
	assert set(ACTIVE) == set(DISPATCH_STATUSES) - final
	assert (
		set(incident_states.DISPATCH_STAMPS)
		== set(incident_states.UNIT_STATUS_FOR_DISPATCH)
		== set(DISPATCH_STATUSES)
	)
	assert INCIDENT_STATUSES == status_options("incident")
	open_, closed = set(incident_states.INCIDENT_OPEN), set(incident_states.INCIDENT_CLOSED)
	assert open_ | closed == set(INCIDENT_STATUSES) and not open_ & closed
	assert "Resolved" in open_  # a resolved incident is still open until it is closed


# ---------------------------------------------------------------- dispatch transitions


@pytest.mark.parametrize(
	"current, new",
	[
		("Dispatched", "Acknowledged"),
		("Acknowledged", "En Route"),
		("En Route", "On Scene"),
		("On Scene", "Cleared"),
		("Dispatched", "On Scene"),  # arrived without reporting acknowledged / en route
		("Dispatched", "Cleared"),
		("Acknowledged", "On Scene"),
	],
)
def test_forward_moves_are_allowed(current, new):
	assert dispatch_transition_allowed(current, new)


@pytest.mark.parametrize(
	"current, new",
	[
		("Acknowledged", "Dispatched"),
		("On Scene", "En Route"),
		("On Scene", "Dispatched"),
		("En Route", "Acknowledged"),
	],
)
def test_backward_moves_are_refused(current, new):
	assert not dispatch_transition_allowed(current, new)


@pytest.mark.parametrize("current, new", list(itertools.product(DISPATCH_STATUSES, repeat=2)))
def test_transition_rule_over_all_pairs(current, new):
	i, j = DISPATCH_STATUSES.index(current), DISPATCH_STATUSES.index(new)
	if current == new:
		expected = True  # saving without a change
	elif current in ("Cleared", "Cancelled"):
		expected = False
	elif new == "Cancelled":
		expected = True
	else:
		expected = j > i
	assert dispatch_transition_allowed(current, new) is expected


@pytest.mark.parametrize("final", ["Cleared", "Cancelled"])
@pytest.mark.parametrize("new", DISPATCH_STATUSES)
def test_nothing_leaves_a_final_status(final, new):
	assert dispatch_transition_allowed(final, new) is (new == final)


@pytest.mark.parametrize("current", ACTIVE)
def test_cancelled_is_reachable_from_every_active_status(current):
	assert dispatch_transition_allowed(current, "Cancelled")


@pytest.mark.parametrize("new", DISPATCH_STATUSES)
def test_a_new_dispatch_starts_at_dispatched(new):
	assert dispatch_transition_allowed(None, new) is (new == "Dispatched")


@given(st.sampled_from((None, *DISPATCH_STATUSES)), st.text().filter(lambda s: s not in DISPATCH_STATUSES))
def test_unknown_target_status_is_refused(current, new):
	assert not dispatch_transition_allowed(current, new)


# ---------------------------------------------------------------- incident milestones


@pytest.mark.parametrize(
	"status, due",
	[
		("New", []),
		("Triaged", ["triaged_at"]),
		("Dispatched", ["triaged_at"]),
		("On Scene", ["triaged_at"]),
		("Resolved", ["triaged_at", "resolved_at"]),
		("Closed", ["triaged_at", "resolved_at", "closed_at"]),
		("Cancelled", ["closed_at"]),
		("Duplicate", ["closed_at"]),
		("False Alarm", ["closed_at"]),
		("Bogus", []),
		("", []),
	],
)
def test_milestones_due_from_nothing(status, due):
	assert incident_milestones_due(status, set()) == due


def test_already_stamped_milestones_are_not_returned():
	assert incident_milestones_due("Closed", {"triaged_at"}) == ["resolved_at", "closed_at"]
	assert incident_milestones_due("Resolved", {"triaged_at", "resolved_at"}) == []
	assert incident_milestones_due("Cancelled", {"closed_at"}) == []


@given(st.sampled_from(INCIDENT_STATUSES), st.sets(st.sampled_from((*MILESTONES, "reported_at"))))
def test_milestones_due_never_repeat_a_stamp(status, stamped):
	due = incident_milestones_due(status, stamped)
	assert not set(due) & stamped
	assert set(due) | (stamped & set(MILESTONES)) >= set(incident_milestones_due(status, set()))
	assert due == sorted(due, key=MILESTONES.index)  # in the order they happen
	assert len(due) == len(set(due))


@given(st.sampled_from(incident_states.INCIDENT_PROGRESS), st.sampled_from(incident_states.INCIDENT_PROGRESS))
def test_a_later_status_implies_the_earlier_milestones(earlier, later):
	if incident_states.INCIDENT_PROGRESS.index(earlier) <= incident_states.INCIDENT_PROGRESS.index(later):
		assert set(incident_milestones_due(earlier, set())) <= set(incident_milestones_due(later, set()))
