"""Columns of the incident Kanban board, with or without an admin's workflow."""

from ambon_112.core.incident_states import INCIDENT_CLOSED
from ambon_112.core.kanban import board_columns, status_states


def test_without_a_workflow_the_columns_are_the_statuses_and_finished_ones_start_archived():
	columns = board_columns(status_states())
	assert [c.name for c in columns][:2] == ["New", "Triaged"]
	assert {c.name for c in columns if c.archived} == set(INCIDENT_CLOSED)
	assert {c.name: c.indicator for c in columns}["New"] == "Red"


def test_with_a_workflow_the_columns_are_its_states_coloured_by_their_meaning():
	states = [
		("Baru", "New"),
		("Dikirim", "Dispatched"),
		("Ditutup", "Closed"),
		("Hoaks", "False Alarm"),
		("Lain", None),
	]
	columns = board_columns(states)
	assert [c.name for c in columns] == ["Baru", "Dikirim", "Ditutup", "Hoaks", "Lain"]
	assert [c.indicator for c in columns] == ["Red", "Yellow", "Gray", "Gray", "Gray"]
	assert [c.archived for c in columns] == [False, False, True, True, True]
