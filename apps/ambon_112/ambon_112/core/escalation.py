"""Escalation timing: which levels of a policy are due for one call, incident or dispatch now.

Plain data in, plain data out. An *item* is a mapping of a document's fields (the meanings
``call_state``, ``classification`` and ``status``, never workflow state names, and its
timestamps). A *trigger* says whether its condition holds for an item and since when. A
policy's *levels* each have a trigger and a delay; the existing *firings* (escalation logs)
make the answer idempotent:

- a level fires once, as soon as its trigger has held for its delay;
- a level with a repeat interval fires again every M minutes after its previous firing
  (counted from the firing, so a sweep that was down for an hour does not fire a burst),
  until someone acknowledges that level or a higher one, or a higher level has fired and
  taken over;
- when the trigger's condition no longer holds, nothing more fires.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from ambon_112.core.incident_states import INCIDENT_OPEN, PRIORITIES

CALL, INCIDENT, DISPATCH = "Emergency Call", "Incident", "Dispatch"
# The latest restore drill (continuity/): the centre is told when no good drill is recent enough.
RESTORE_DRILL = "Restore Drill"
# Round-the-clock operations (operations/): a console nobody watches, a shift short or not handed over.
POSITION, HANDOVER = "Operator Position", "Shift Handover"
CALLBACK = "Callback Task"  # a lost caller waiting to be called back (the call console's queue)
APPLIES_TO = (CALL, INCIDENT, DISPATCH, RESTORE_DRILL, POSITION, HANDOVER, CALLBACK)
# Kinds of item that have no priority, type or agency: a policy on them takes no filters and
# neither notifies an agency nor raises a priority.
UNSCOPED = (CALL, CALLBACK)

Item = Mapping[str, object]


@dataclass(frozen=True)
class Trigger:
	name: str
	doctype: str
	state_field: str
	states: tuple[str, ...]  # values of state_field in which the condition can hold
	since: Callable[[Item], datetime | None]  # when the condition began; None when it does not hold
	empty_field: str | None = None  # a field that must be empty (lets the database pre-filter)


def _first(item: Item, *fields: str):
	return next((item[f] for f in fields if item.get(f)), None)


def _call_unanswered(item: Item):
	if item.get("call_state") == "Ringing" and not item.get("answered_at") and not item.get("ended_at"):
		return _first(item, "received_at", "creation")
	return None


def _call_not_classified(item: Item):
	if item.get("call_state") in ("Answered", "Ended") and item.get("answered_at"):
		return None if item.get("classification") else item["answered_at"]
	return None


def _callback_waiting(item: Item):
	if item.get("status") == "Open":
		return _first(item, "waiting_since", "creation")
	return None


def _incident_in(states: tuple[str, ...], *start_fields: str, undone: str | None = None):
	def since(item: Item):
		if item.get("status") not in states or (undone and item.get(undone)):
			return None
		return _first(item, *start_fields, "creation")

	return since


def _dispatch_in(states: tuple[str, ...]):
	def since(item: Item):
		return _first(item, "dispatched_at", "creation") if item.get("status") in states else None

	return since


def _drill_overdue(item: Item):
	# Only the latest drill counts, from the last good drill (or the first drill, if none passed).
	return _first(item, "counting_from", "creation") if item.get("latest") else None


def _in_state(field: str, states: tuple[str, ...], since_field: str):
	def since(item: Item):
		return _first(item, since_field, "creation") if item.get(field) in states else None

	return since


UNATTENDED = ("Lost", "Unmanned")
NOT_DISPATCHED = ("New", "Triaged")  # later meanings imply a dispatch was sent
DISPATCH_NOT_ACKNOWLEDGED = ("Dispatched",)
UNIT_NOT_EN_ROUTE = ("Dispatched", "Acknowledged")
UNIT_NOT_ON_SCENE = ("Dispatched", "Acknowledged", "En Route")

TRIGGERS: dict[str, Trigger] = {
	t.name: t
	for t in (
		Trigger("Call Unanswered", CALL, "call_state", ("Ringing",), _call_unanswered),
		Trigger(
			"Call Not Classified",
			CALL,
			"call_state",
			("Answered", "Ended"),
			_call_not_classified,
			empty_field="classification",
		),
		Trigger("Incident Not Triaged", INCIDENT, "status", ("New",), _incident_in(("New",), "reported_at")),
		# "Dispatch within 60 s of answer": the clock starts when the first call about it was answered.
		Trigger(
			"Incident Not Dispatched",
			INCIDENT,
			"status",
			NOT_DISPATCHED,
			_incident_in(NOT_DISPATCHED, "first_answered_at", "reported_at", undone="first_dispatch_at"),
		),
		Trigger(
			"Incident Open Too Long",
			INCIDENT,
			"status",
			INCIDENT_OPEN,
			_incident_in(INCIDENT_OPEN, "reported_at"),
		),
		Trigger(
			"Dispatch Not Acknowledged",
			DISPATCH,
			"status",
			DISPATCH_NOT_ACKNOWLEDGED,
			_dispatch_in(DISPATCH_NOT_ACKNOWLEDGED),
		),
		Trigger("Unit Not En Route", DISPATCH, "status", UNIT_NOT_EN_ROUTE, _dispatch_in(UNIT_NOT_EN_ROUTE)),
		Trigger("Unit Not On Scene", DISPATCH, "status", UNIT_NOT_ON_SCENE, _dispatch_in(UNIT_NOT_ON_SCENE)),
		Trigger("Restore Drill Overdue", RESTORE_DRILL, "latest", (1,), _drill_overdue),
		# Lost (heartbeat stopped) or unmanned (rostered, nobody signed on): since it was left.
		Trigger(
			"Console Position Unattended",
			POSITION,
			"console_status",
			UNATTENDED,
			_in_state("console_status", UNATTENDED, "unattended_since"),
		),
		Trigger(
			"Shift Understaffed",
			HANDOVER,
			"staffing_status",
			("Short",),
			_in_state("staffing_status", ("Short",), "shift_start"),
		),
		Trigger(
			"Handover Not Acknowledged",
			HANDOVER,
			"status",
			("Draft",),
			_in_state("status", ("Draft",), "shift_start"),
		),
		Trigger("Callback Waiting", CALLBACK, "status", ("Open",), _callback_waiting),
	)
}


def condition_since(trigger: str, item: Item) -> datetime | None:
	"""When the trigger's condition began for this item; None when it does not hold (or is unknown)."""
	spec = TRIGGERS.get(trigger)
	return spec.since(item) if spec else None


def triggers_for(doctype: str) -> list[str]:
	return [name for name, t in TRIGGERS.items() if t.doctype == doctype]


# ---------------------------------------------------------------- policies


@dataclass(frozen=True)
class Level:
	number: int
	trigger: str
	delay_seconds: int
	repeat_minutes: int = 0  # 0: fire once
	notify_roles: tuple[str, ...] = ()
	notify_users: tuple[str, ...] = ()
	notify_agency: bool = False
	raise_priority: bool = False

	@property
	def has_action(self) -> bool:
		return bool(self.notify_roles or self.notify_users or self.notify_agency or self.raise_priority)


@dataclass(frozen=True)
class Scope:
	"""Which items a policy applies to; an empty filter admits everything."""

	applies_to: str
	priorities: frozenset[str] = frozenset()
	incident_types: frozenset[str] | None = None  # the chosen type and its sub-types
	agency: str | None = None
	inside_city_only: bool = False

	@property
	def has_filters(self) -> bool:
		return bool(
			self.priorities or self.incident_types is not None or self.agency or self.inside_city_only
		)


def in_scope(scope: Scope, doctype: str, item: Item) -> bool:
	if doctype != scope.applies_to:
		return False
	if scope.priorities and item.get("priority") not in scope.priorities:
		return False
	if scope.incident_types is not None and item.get("incident_type") not in scope.incident_types:
		return False
	if scope.agency and scope.agency not in (item.get("agencies") or ()):
		return False
	if scope.inside_city_only and item.get("outside_ambon"):
		return False
	return True


@dataclass(frozen=True)
class Problem:
	"""A reason a policy cannot be saved; the Frappe layer translates ``code``."""

	code: str
	level: int | None = None
	detail: str | None = None


def policy_problems(scope: Scope, levels: Iterable[Level]) -> list[Problem]:
	levels = list(levels)
	problems = []
	if scope.applies_to not in APPLIES_TO:
		return [Problem("applies_to", detail=scope.applies_to)]
	if not levels:
		problems.append(Problem("no_levels"))
	is_call = scope.applies_to in UNSCOPED
	if is_call and scope.has_filters:
		problems.append(Problem("call_filters"))
	is_drill = scope.applies_to == RESTORE_DRILL
	if is_drill and scope.has_filters:
		problems.append(Problem("drill_filters"))
	seen = set()
	for level in levels:
		if level.number < 1:
			problems.append(Problem("level_number", level.number))
		elif level.number in seen:
			problems.append(Problem("duplicate_level", level.number))
		seen.add(level.number)
		trigger = TRIGGERS.get(level.trigger)
		if not trigger:
			problems.append(Problem("unknown_trigger", level.number, level.trigger))
		elif trigger.doctype != scope.applies_to:
			problems.append(Problem("trigger_doctype", level.number, level.trigger))
		if level.delay_seconds < 0:
			problems.append(Problem("negative_delay", level.number))
		if level.repeat_minutes < 0:
			problems.append(Problem("negative_repeat", level.number))
		if not level.has_action:
			problems.append(Problem("no_action", level.number))
		if is_call and level.notify_agency:
			problems.append(Problem("call_agency", level.number))
		if is_call and level.raise_priority:
			problems.append(Problem("call_priority", level.number))
		if is_drill and (level.notify_agency or level.raise_priority):
			problems.append(Problem("drill_action", level.number))
	return problems


# ---------------------------------------------------------------- firing


@dataclass(frozen=True)
class Firing:
	"""An escalation that already fired (an escalation log)."""

	level: int
	repeat: int
	fired_at: datetime
	acknowledged: bool = False


@dataclass(frozen=True)
class Due:
	level: Level
	repeat: int  # 0 for the first firing of the level
	since: datetime  # when the condition began
	due_at: datetime


def due_firings(
	levels: Iterable[Level], item: Item, now: datetime, firings: Iterable[Firing] = ()
) -> list[Due]:
	"""The firings one policy owes this item at ``now``, lowest level first."""
	firings = list(firings)
	by_level: dict[int, list[Firing]] = {}
	for f in firings:
		by_level.setdefault(f.level, []).append(f)
	acknowledged_up_to = max((f.level for f in firings if f.acknowledged), default=0)

	first, repeats = [], []
	for level in sorted(levels, key=lambda lv: lv.number):
		since = condition_since(level.trigger, item)
		if since is None:
			continue
		first_due = since + timedelta(seconds=max(0, level.delay_seconds))
		if now < first_due:
			continue
		fired = by_level.get(level.number)
		if not fired:
			first.append(Due(level, 0, since, first_due))
			continue
		if level.repeat_minutes <= 0 or level.number <= acknowledged_up_to:
			continue
		last = max(fired, key=lambda f: f.repeat)
		next_at = last.fired_at + timedelta(minutes=level.repeat_minutes)
		if now >= next_at:
			repeats.append(Due(level, last.repeat + 1, since, next_at))

	# A higher level that has fired (or fires now) takes over: lower levels stop repeating.
	top = max([*by_level, *(d.level.number for d in first)], default=0)
	return first + [d for d in repeats if d.level.number >= top]


def raised_priority(priority: str | None) -> str | None:
	"""One step more urgent (P4 → P3 → P2 → P1), never past P1; None for an unknown priority."""
	if priority not in PRIORITIES:
		return None
	return PRIORITIES[max(0, PRIORITIES.index(priority) - 1)]
