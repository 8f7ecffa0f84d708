"""The items the sweep looks at (calls, incidents, dispatches, callbacks, restore drills, console
positions, shift handovers), read as plain rows for the core.

Drills never escalate: an exercise call, incident, dispatch or callback is never read here, so a
drill alerts no real supervisor or agency and no drill counts in any escalation statistic (the
Escalation Log, which the Escalations report and the workspace's card read, holds none).

Only open items are read, each kind through an indexed column (the meaning of its state, and
for answered-but-unclassified calls the (classification, call_state) index), one query per
condition rather than an OR the optimiser might answer with a full scan: the cost of a sweep
follows the number of open items, not the years of history behind them.
"""

from collections.abc import Iterable

import frappe
from frappe.query_builder.functions import Min

from ambon_112.core.escalation import (
	CALL,
	CALLBACK,
	DISPATCH,
	HANDOVER,
	INCIDENT,
	POSITION,
	RESTORE_DRILL,
	TRIGGERS,
)

CHUNK = 1000
# The columns the core reads of each kind of item (a dispatch's last four come from its incident).
COLUMNS = {
	CALL: ("call_state", "classification", "received_at", "answered_at", "ended_at", "incident"),
	INCIDENT: (
		"title",
		"status",
		"priority",
		"incident_type",
		"outside_ambon",
		"reported_at",
		"first_dispatch_at",
	),
	DISPATCH: ("status", "agency", "incident", "dispatched_at"),
	RESTORE_DRILL: ("latest", "last_good_at", "counting_from"),
	POSITION: ("console_status", "unattended_since"),
	HANDOVER: ("title", "status", "staffing_status", "shift_start", "acknowledged_at"),
	CALLBACK: ("status", "waiting_since", "call", "is_exercise"),
}
INCIDENT_COLUMNS_OF_DISPATCH = ("title", "priority", "incident_type", "outside_ambon")
# What an alert names the item by, where its DocType has no title of its own.
TITLES = {RESTORE_DRILL: "result", POSITION: "position_name"}
# The kinds a drill creates (is_exercise): the sweep never reads their exercise records.
EXERCISE_KINDS = (CALL, INCIDENT, DISPATCH, CALLBACK)


def select(doctype: str):
	"""(the query of the rows the core needs of ``doctype``, its table), to add a condition to."""
	table = frappe.qb.DocType(doctype)
	query = frappe.qb.from_(table).select(table.name, table.creation, *(table[f] for f in COLUMNS[doctype]))
	if doctype in TITLES:
		query = query.select(table[TITLES[doctype]].as_("title"))
	if doctype == DISPATCH:
		incident = frappe.qb.DocType(INCIDENT)
		query = (
			query.join(incident)
			.on(incident.name == table.incident)
			.select(*(incident[f] for f in INCIDENT_COLUMNS_OF_DISPATCH))
		)
	return query, table


def open_select(doctype: str):
	"""``select`` of the rows the sweep may fire on: never a drill's."""
	query, table = select(doctype)
	if doctype in EXERCISE_KINDS:
		query = query.where(table.is_exercise == 0)
	return query, table


def open_items(triggers: Iterable[str]) -> dict[str, list[dict]]:
	"""Rows of every item in which one of ``triggers`` may hold, by DocType."""
	queries: dict[str, list] = {}
	states: dict[tuple[str, str], set[str]] = {}  # by DocType and state field
	for trigger in (TRIGGERS[name] for name in sorted(set(triggers)) if name in TRIGGERS):
		if trigger.empty_field:
			query, table = open_select(trigger.doctype)
			empty = table[trigger.empty_field]
			query = query.where(
				table[trigger.state_field].isin(trigger.states) & (empty.isnull() | (empty == ""))
			)
			queries.setdefault(trigger.doctype, []).append(query)
		else:
			states.setdefault((trigger.doctype, trigger.state_field), set()).update(trigger.states)
	for (doctype, state_field), wanted in states.items():
		query, table = open_select(doctype)
		queries.setdefault(doctype, []).append(query.where(table[state_field].isin(sorted(wanted))))
	items = {}
	for doctype, parts in queries.items():
		rows: dict[str, dict] = {}
		for query in parts:
			for row in query.run(as_dict=True):
				rows[row.name] = row
		items[doctype] = enrich(doctype, sorted(rows.values(), key=lambda r: r.name))
	return items


def items_by_name(doctype: str, names: Iterable[str]) -> dict[str, dict]:
	names = sorted(set(names))
	rows = []
	for start in range(0, len(names), CHUNK):
		query, table = select(doctype)
		rows += query.where(table.name.isin(names[start : start + CHUNK])).run(as_dict=True)
	return {row.name: row for row in enrich(doctype, rows)}


def enrich(doctype: str, rows: list[dict]) -> list[dict]:
	"""Add what the triggers and filters need beyond the row: agencies, first answer of an incident."""
	if doctype == DISPATCH:
		for row in rows:
			row.agencies = (row.agency,)
	elif doctype == INCIDENT and rows:
		names = [row.name for row in rows]
		agency = frappe.qb.DocType("Incident Agency")
		agencies: dict[str, list[str]] = {}
		for parent, name in _in_chunks(
			frappe.qb.from_(agency)
			.select(agency.parent, agency.agency)
			.where((agency.parenttype == INCIDENT) & (agency.parentfield == "agencies")),
			agency.parent,
			names,
		):
			agencies.setdefault(parent, []).append(name)
		call = frappe.qb.DocType(CALL)
		waiting = [row.name for row in rows if not row.first_dispatch_at]
		answered = dict(
			_in_chunks(
				frappe.qb.from_(call)
				.select(call.incident, Min(call.answered_at))
				.where(call.answered_at.isnotnull())
				.groupby(call.incident),
				call.incident,
				waiting,
			)
		)
		for row in rows:
			row.agencies = tuple(agencies.get(row.name, ()))
			row.first_answered_at = answered.get(row.name)
	return rows


def _in_chunks(query, column, names: list[str]) -> list:
	"""The rows of ``query`` whose ``column`` is one of ``names``, asked CHUNK names at a time."""
	out = []
	for start in range(0, len(names), CHUNK):
		out += query.where(column.isin(names[start : start + CHUNK])).run()
	return out
