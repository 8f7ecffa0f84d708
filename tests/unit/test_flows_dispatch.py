"""How dispatches move their incident, and what an ending incident does to its dispatches."""

import itertools

import pytest

from ambon_112.core.incident_states import (
	DISPATCH_STAMPS,
	INCIDENT_EXITS,
	INCIDENT_PROGRESS,
	dispatch_status_on_incident_end,
	incident_advance_target,
)

INCIDENT_STATUSES = (*INCIDENT_PROGRESS, *INCIDENT_EXITS)


@pytest.mark.parametrize(
	"incident, dispatch, target",
	[
		("New", "Dispatched", "Dispatched"),
		("Triaged", "Dispatched", "Dispatched"),
		("Dispatched", "Dispatched", None),  # a second unit sent
		("On Scene", "Dispatched", None),  # reinforcement for an incident already on scene
		("Dispatched", "On Scene", "On Scene"),
		("New", "On Scene", "On Scene"),  # a patrol that happened to be there
		("On Scene", "On Scene", None),
		("Resolved", "On Scene", None),
		("Closed", "Dispatched", None),
		("Cancelled", "Dispatched", None),
		("Triaged", "Acknowledged", None),
		("Triaged", "En Route", None),
		("On Scene", "Cleared", None),
		("Dispatched", "Cancelled", None),
	],
)
def test_dispatch_moves_its_incident_only_forward(incident, dispatch, target):
	assert incident_advance_target(incident, dispatch) == target


@pytest.mark.parametrize("incident, dispatch", itertools.product(INCIDENT_STATUSES, DISPATCH_STAMPS))
def test_the_target_is_always_later_in_the_progress(incident, dispatch):
	target = incident_advance_target(incident, dispatch)
	if target is not None:
		assert INCIDENT_PROGRESS.index(target) > INCIDENT_PROGRESS.index(incident)


@pytest.mark.parametrize(
	"incident, dispatch_status",
	[
		("Closed", "Cleared"),
		("Cancelled", "Cancelled"),
		("Duplicate", "Cancelled"),
		("False Alarm", "Cancelled"),
		("Resolved", None),
		("On Scene", None),
		("New", None),
		(None, None),
	],
)
def test_an_ending_incident_releases_its_units(incident, dispatch_status):
	assert dispatch_status_on_incident_end(incident) == dispatch_status
