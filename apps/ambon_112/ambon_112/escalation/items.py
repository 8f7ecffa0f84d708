"""The calls, incidents and dispatches the sweep looks at, read as plain rows for the core.

Only open items are read, each kind through an indexed column (the meaning of its state, and
for answered-but-unclassified calls the (classification, call_state) index), one query per
condition rather than an OR the optimiser might answer with a full scan: the cost of a sweep
follows the number of open items, not the years of history behind them.
"""

from collections.abc import Iterable

import frappe

from ambon_112.core.escalation import CALL, DISPATCH, INCIDENT, TRIGGERS

CHUNK = 1000

SELECTS = {
	CALL: """select c.name, c.creation, c.call_state, c.classification, c.received_at, c.answered_at,
		c.ended_at, c.incident
		from `tabEmergency Call` c""",
	INCIDENT: """select i.name, i.creation, i.title, i.status, i.priority, i.incident_type, i.outside_ambon,
		i.reported_at, i.first_dispatch_at
		from `tabIncident` i""",
	DISPATCH: """select d.name, d.creation, d.status, d.agency, d.incident, d.dispatched_at, i.title,
		i.priority, i.incident_type, i.outside_ambon
		from `tabDispatch` d join `tabIncident` i on i.name = d.incident""",
}
ALIAS = {CALL: "c", INCIDENT: "i", DISPATCH: "d"}


def open_items(triggers: Iterable[str]) -> dict[str, list[dict]]:
	"""Rows of every item in which one of ``triggers`` may hold, by DocType."""
	queries: dict[str, list[tuple[str, dict]]] = {}
	states: dict[str, set[str]] = {}
	for trigger in (TRIGGERS[name] for name in sorted(set(triggers)) if name in TRIGGERS):
		alias = ALIAS[trigger.doctype]
		if trigger.empty_field:
			empty = f"{alias}.`{trigger.empty_field}`"
			where = f"{alias}.`{trigger.state_field}` in %(states)s and ({empty} is null or {empty} = '')"
			queries.setdefault(trigger.doctype, []).append((where, {"states": trigger.states}))
		else:
			states.setdefault(trigger.doctype, set()).update(trigger.states)
	for doctype, wanted in states.items():
		state_field = next(t.state_field for t in TRIGGERS.values() if t.doctype == doctype)
		where = f"{ALIAS[doctype]}.`{state_field}` in %(states)s"
		queries.setdefault(doctype, []).append((where, {"states": tuple(sorted(wanted))}))
	items = {}
	for doctype, parts in queries.items():
		rows: dict[str, dict] = {}
		for where, values in parts:
			for row in frappe.db.sql(f"{SELECTS[doctype]} where {where}", values, as_dict=True):
				rows[row.name] = row
		items[doctype] = enrich(doctype, sorted(rows.values(), key=lambda r: r.name))
	return items


def items_by_name(doctype: str, names: Iterable[str]) -> dict[str, dict]:
	names = sorted(set(names))
	rows = []
	for start in range(0, len(names), CHUNK):
		rows += frappe.db.sql(
			f"{SELECTS[doctype]} where {ALIAS[doctype]}.name in %(names)s",
			{"names": names[start : start + CHUNK]},
			as_dict=True,
		)
	return {row.name: row for row in enrich(doctype, rows)}


def enrich(doctype: str, rows: list[dict]) -> list[dict]:
	"""Add what the triggers and filters need beyond the row: agencies, first answer of an incident."""
	if doctype == DISPATCH:
		for row in rows:
			row.agencies = (row.agency,)
	elif doctype == INCIDENT and rows:
		names = [row.name for row in rows]
		agencies = _grouped(
			"""select parent, agency from `tabIncident Agency`
			where parenttype = 'Incident' and parentfield = 'agencies' and parent in %(names)s""",
			names,
		)
		waiting = [row.name for row in rows if not row.first_dispatch_at]
		answered = dict(
			_rows(
				"""select incident, min(answered_at) from `tabEmergency Call`
				where incident in %(names)s and answered_at is not null group by incident""",
				waiting,
			)
		)
		for row in rows:
			row.agencies = tuple(agencies.get(row.name, ()))
			row.first_answered_at = answered.get(row.name)
	return rows


def _rows(query: str, names: list[str]) -> list:
	out = []
	for start in range(0, len(names), CHUNK):
		out += frappe.db.sql(query, {"names": names[start : start + CHUNK]})
	return out


def _grouped(query: str, names: list[str]) -> dict[str, list[str]]:
	grouped: dict[str, list[str]] = {}
	for parent, value in _rows(query, names):
		grouped.setdefault(parent, []).append(value)
	return grouped
