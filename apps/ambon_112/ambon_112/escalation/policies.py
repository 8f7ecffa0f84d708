"""Escalation policies as the core sees them: read fresh on every sweep, checked on every save."""

from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import cint

from ambon_112.core.escalation import PRIORITIES, Level, Problem, Scope

LEVEL_FIELDS = (
	"parent",
	"level",
	"trigger_condition",
	"delay_seconds",
	"repeat_every_minutes",
	"notify_roles",
	"notify_users",
	"notify_agency",
	"raise_priority",
)
POLICY_FIELDS = (
	"name",
	"applies_to",
	"incident_type",
	"agency",
	"inside_city_only",
	*(f"priority_{p.lower()}" for p in PRIORITIES),
)


@dataclass(frozen=True)
class Policy:
	name: str
	scope: Scope
	levels: tuple[Level, ...]


def lines(text: str | None) -> tuple[str, ...]:
	"""The non-empty lines of a one-name-per-line field, without repeats (commas accepted too)."""
	names = [n.strip() for n in (text or "").replace(",", "\n").splitlines()]
	return tuple(dict.fromkeys(n for n in names if n))


def level_of(row) -> Level:
	return Level(
		number=cint(row.get("level")),
		trigger=row.get("trigger_condition") or "",
		delay_seconds=cint(row.get("delay_seconds")),
		repeat_minutes=cint(row.get("repeat_every_minutes")),
		notify_roles=lines(row.get("notify_roles")),
		notify_users=lines(row.get("notify_users")),
		notify_agency=bool(cint(row.get("notify_agency"))),
		raise_priority=bool(cint(row.get("raise_priority"))),
	)


def scope_of(policy, incident_types: frozenset[str] | None = None) -> Scope:
	"""The policy's filters; ``incident_types`` is the chosen type's subtree (looked up when not given)."""
	if policy.get("incident_type") and incident_types is None:
		incident_types = incident_type_subtree(policy.get("incident_type"))
	return Scope(
		applies_to=policy.get("applies_to") or "",
		priorities=frozenset(p for p in PRIORITIES if cint(policy.get(f"priority_{p.lower()}"))),
		incident_types=incident_types if policy.get("incident_type") else None,
		agency=policy.get("agency") or None,
		inside_city_only=bool(cint(policy.get("inside_city_only"))),
	)


def incident_type_subtree(incident_type: str) -> frozenset[str]:
	bounds = frappe.db.get_value("Incident Type", incident_type, ["lft", "rgt"], as_dict=True)
	if not bounds:
		return frozenset({incident_type})
	return frozenset(
		frappe.get_all(
			"Incident Type",
			filters={"lft": (">=", bounds.lft), "rgt": ("<=", bounds.rgt)},
			pluck="name",
			order_by="lft",
		)
	)


def active_policies() -> list[Policy]:
	"""Every active policy with its levels, straight from the database: an edit counts on the next sweep."""
	rows = frappe.get_all(
		"Escalation Policy", filters={"is_active": 1}, fields=POLICY_FIELDS, order_by="name"
	)
	if not rows:
		return []
	levels: dict[str, list[Level]] = {}
	for row in frappe.get_all(
		"Escalation Level",
		filters={"parenttype": "Escalation Policy", "parent": ("in", [r.name for r in rows])},
		fields=LEVEL_FIELDS,
		order_by="parent, level",
	):
		levels.setdefault(row.parent, []).append(level_of(row))
	subtrees = {t: incident_type_subtree(t) for t in {r.incident_type for r in rows if r.incident_type}}
	return [
		Policy(r.name, scope_of(r, subtrees.get(r.incident_type)), tuple(levels.get(r.name, ())))
		for r in rows
	]


def problem_message(problem: Problem, applies_to: str) -> str:
	level, detail = problem.level, problem.detail
	messages = {
		"applies_to": lambda: _(
			"An escalation policy applies to calls, incidents, dispatches or restore drills, not to {0}."
		).format(detail),
		"no_levels": lambda: _("Add at least one level."),
		"drill_filters": lambda: _(
			"A policy for restore drills cannot filter by priority, incident type, agency or city."
		),
		"drill_action": lambda: _(
			"Level {0}: a restore drill has no agency or priority; notify roles or users instead."
		).format(level),
		"call_filters": lambda: _(
			"A policy for calls cannot filter by priority, incident type, agency or city: a ringing call has none of these yet."
		),
		"level_number": lambda: _("Level {0}: the level number must be 1 or more.").format(level),
		"duplicate_level": lambda: _("Level {0} appears twice.").format(level),
		"unknown_trigger": lambda: _("Level {0}: unknown trigger {1}.").format(level, detail),
		"trigger_doctype": lambda: _("Level {0}: the trigger {1} does not concern {2}.").format(
			level, _(detail), _(applies_to)
		),
		"negative_delay": lambda: _("Level {0}: the delay cannot be negative.").format(level),
		"negative_repeat": lambda: _("Level {0}: the repeat interval cannot be negative.").format(level),
		"no_action": lambda: _(
			"Level {0} does nothing: choose roles or users to notify, the agency, or raising the priority."
		).format(level),
		"call_agency": lambda: _(
			"Level {0}: a call has no agency yet; notify roles or users instead."
		).format(level),
		"call_priority": lambda: _(
			"Level {0}: a call has no priority; raise the incident's priority in an incident policy."
		).format(level),
	}
	return messages[problem.code]()
