"""The columns of the incident Kanban board, from the meanings of the incident's states.

With a workflow the board moves incidents between admin-named workflow states (so every drag
is a workflow transition Frappe checks); without one it moves the status itself. Either way
a column's colour and whether it starts archived follow the meaning of its state.
"""

from __future__ import annotations

from dataclasses import dataclass

from ambon_112.core.incident_states import INCIDENT_CLOSED, INCIDENT_EXITS, INCIDENT_PROGRESS

INDICATORS = {
	"New": "Red",
	"Triaged": "Orange",
	"Dispatched": "Yellow",
	"On Scene": "Blue",
	"Resolved": "Green",
}


@dataclass(frozen=True)
class Column:
	name: str
	indicator: str
	archived: bool


def board_columns(states: list[tuple[str, str | None]]) -> list[Column]:
	"""``states`` as (state name, meaning) in workflow order -> one column each.

	Finished incidents (closed, cancelled, duplicate, false alarm) start archived: a board of
	every incident ever closed would bury the open ones.
	"""
	return [
		Column(state, INDICATORS.get(meaning, "Gray"), meaning in INCIDENT_CLOSED or meaning is None)
		for state, meaning in states
	]


def status_states() -> list[tuple[str, str]]:
	"""The states of an incident without a workflow: its status values, each meaning itself."""
	return [(status, status) for status in (*INCIDENT_PROGRESS, *INCIDENT_EXITS)]
