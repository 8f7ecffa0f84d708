"""Round-the-clock operations: shift windows, console liveness, staffing and the handover's contents.

Plain data in, plain data out; times are naive datetimes in the site's zone (WIT), as stored.
A shift runs from its start time on its date to its end time, on the next day when the end is
not after the start (21:00–07:00). A console is *live* while its heartbeat is fresh; one whose
heartbeat stopped for ``LOST_AFTER_SECONDS`` is *lost*; a rostered position nobody signed on at
is *unmanned* from the shift's start.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise

from ambon_112.core.incident_states import DISPATCH_ACTIVE, INCIDENT_OPEN

# The desk sends a heartbeat this often while the page is open; a console is lost after three misses.
HEARTBEAT_SECONDS = 15
LOST_AFTER_SECONDS = 45
# Operators sign on a little before their shift starts: that sign-on belongs to the coming shift.
EARLY_SIGN_ON_MINUTES = 30
DEFAULT_SIGN_OFF_GRACE_MINUTES = 30
DEFAULT_MIN_OPERATORS = 2
DEFAULT_MIN_SUPERVISORS = 1

# The centre's three shifts (WIT), seeded as editable Shift Types.
DEFAULT_SHIFTS = (("Pagi", time(7), time(14)), ("Siang", time(14), time(21)), ("Malam", time(21), time(7)))

LIVE, LOST, UNMANNED, OFF = "Live", "Lost", "Unmanned", "Off"
CONSOLE_STATES = (LIVE, LOST, UNMANNED, OFF)

OPERATOR_ROLE, SUPERVISOR_ROLE = "Operator", "Supervisor"

# Sections of a handover, in the order it is read.
INCIDENTS, DISPATCHES, ESCALATIONS, WATCH_LIST, EVENTS = (
	"Open Incident",
	"Dispatch Out",
	"Unacknowledged Escalation",
	"Watch List Change",
	"Notable Event",
)
SECTIONS = (INCIDENTS, DISPATCHES, ESCALATIONS, WATCH_LIST, EVENTS)


@dataclass(frozen=True)
class ShiftType:
	name: str
	start: time
	end: time


@dataclass(frozen=True)
class Occurrence:
	"""One shift on one date: the Pagi shift of 1 December runs 07:00–14:00 that day."""

	shift_type: str
	shift_date: date
	starts_at: datetime
	ends_at: datetime

	def contains(self, moment: datetime) -> bool:
		return self.starts_at <= moment < self.ends_at


def window(shift_date: date, start: time, end: time) -> tuple[datetime, datetime]:
	"""When a shift of that date starts and ends; across midnight when the end is not after the start."""
	starts_at = datetime.combine(shift_date, start)
	ends_at = datetime.combine(shift_date, end)
	if ends_at <= starts_at:
		ends_at += timedelta(days=1)
	return starts_at, ends_at


def occurrence(shift_type: ShiftType, shift_date: date) -> Occurrence:
	return Occurrence(shift_type.name, shift_date, *window(shift_date, shift_type.start, shift_type.end))


def occurrence_at(moment: datetime, shift_types: Iterable[ShiftType]) -> Occurrence | None:
	"""The shift running at ``moment`` (the one started last when shift types overlap); None in a gap."""
	candidates = [
		occurrence(t, moment.date() + timedelta(days=offset)) for t in shift_types for offset in (-1, 0)
	]
	running = [o for o in candidates if o.contains(moment)]
	return max(running, key=lambda o: (o.starts_at, o.shift_type), default=None)


def previous_occurrence(current: Occurrence, shift_types: Iterable[ShiftType]) -> Occurrence | None:
	"""The shift that hands over to ``current``: the one running just before it starts."""
	return occurrence_at(current.starts_at - timedelta(seconds=1), shift_types)


def shift_of_sign_on(signed_on_at: datetime, shift_types: Iterable[ShiftType]) -> Occurrence | None:
	"""The shift a sign-on belongs to: a sign-on shortly before a shift starts belongs to that shift."""
	return occurrence_at(signed_on_at + timedelta(minutes=EARLY_SIGN_ON_MINUTES), shift_types)


def sign_off_due(
	signed_on_at: datetime,
	shift_ends_at: datetime | None,
	now: datetime,
	grace_minutes: int = DEFAULT_SIGN_OFF_GRACE_MINUTES,
) -> bool:
	"""A forgotten sign-off ends once the shift is over by the grace; with no shift known, a full day on."""
	ends_at = shift_ends_at or signed_on_at + timedelta(days=1)
	return now >= ends_at + timedelta(minutes=max(0, grace_minutes))


# ---------------------------------------------------------------- consoles


def is_lost(last_heartbeat: datetime | None, now: datetime, limit_seconds: int = LOST_AFTER_SECONDS) -> bool:
	"""A console whose heartbeat stopped ``limit_seconds`` ago (or never came) is lost."""
	return last_heartbeat is None or (now - last_heartbeat).total_seconds() >= limit_seconds


def live_since(now: datetime, limit_seconds: int = LOST_AFTER_SECONDS) -> datetime:
	"""The oldest heartbeat that still counts as live at ``now`` (for a query on the heartbeat column)."""
	return now - timedelta(seconds=limit_seconds) + timedelta(microseconds=1)


def console_state(
	on_duty: bool,
	last_heartbeat: datetime | None,
	rostered_from: datetime | None,
	now: datetime,
	limit_seconds: int = LOST_AFTER_SECONDS,
) -> tuple[str, datetime | None]:
	"""The state of a position and since when it is unattended (None while live or off).

	``rostered_from``: the start of the running shift when the roster puts someone at this position."""
	if on_duty:
		if not is_lost(last_heartbeat, now, limit_seconds):
			return LIVE, None
		return LOST, (last_heartbeat or now) + timedelta(seconds=limit_seconds)
	if rostered_from is not None and rostered_from <= now:
		return UNMANNED, rostered_from
	return OFF, None


# ---------------------------------------------------------------- staffing


@dataclass(frozen=True)
class Shortfall:
	operators: int
	supervisors: int

	@property
	def short(self) -> bool:
		return self.operators > 0 or self.supervisors > 0


def staffing_shortfall(
	operators: int,
	supervisors: int,
	min_operators: int = DEFAULT_MIN_OPERATORS,
	min_supervisors: int = DEFAULT_MIN_SUPERVISORS,
) -> Shortfall:
	"""How many people the shift lacks. A supervisor does not count as an operator: each has a desk of
	their own to mind."""
	return Shortfall(max(0, min_operators - operators), max(0, min_supervisors - supervisors))


def supervisor_conflicts(assignments: Iterable[Mapping]) -> list[tuple[str, date]]:
	"""The (shift type, date) pairs with more than one supervisor rostered."""
	seen: dict[tuple[str, date], int] = {}
	for a in assignments:
		if a.get("role_in_shift") == SUPERVISOR_ROLE:
			key = (a["shift_type"], a["shift_date"])
			seen[key] = seen.get(key, 0) + 1
	return sorted(key for key, n in seen.items() if n > 1)


def expand_pattern(start: date, end: date, pattern: Sequence[str | None]) -> list[tuple[date, str]]:
	"""A repeating pattern of shift types (None: a day off) laid over ``start``..``end`` inclusive."""
	if not pattern or end < start:
		return []
	out = []
	for offset in range((end - start).days + 1):
		shift_type = pattern[offset % len(pattern)]
		if shift_type:
			out.append((start + timedelta(days=offset), shift_type))
	return out


# ---------------------------------------------------------------- handover


@dataclass(frozen=True)
class HandoverItem:
	section: str
	reference_doctype: str
	reference_name: str
	status: str
	since: datetime | None
	age_minutes: int
	description: str = ""


def _age(since: datetime | None, now: datetime) -> int:
	return max(0, int((now - since).total_seconds() // 60)) if since else 0


def _item(section, doctype, row, status_field, since_field, now, description="") -> HandoverItem:
	since = row.get(since_field) or row.get("creation")
	return HandoverItem(
		section, doctype, row["name"], str(row.get(status_field) or ""), since, _age(since, now), description
	)


def handover_items(
	incidents: Iterable[Mapping],
	dispatches: Iterable[Mapping],
	escalations: Iterable[Mapping],
	watches: Iterable[Mapping],
	outgoing_start: datetime,
	now: datetime,
) -> list[HandoverItem]:
	"""What the incoming shift must know, from rows read by the Frappe layer:

	- every open incident (status and age from its report);
	- every dispatch still out (not cleared or cancelled), with its age from dispatch;
	- every escalation neither acknowledged nor cleared;
	- watch-list entries added or changed during the outgoing shift;
	- notable events: P1 incidents reported during the outgoing shift, open or not.
	"""
	items = [
		_item(INCIDENTS, "Incident", r, "status", "reported_at", now, _title(r))
		for r in incidents
		if r.get("status") in INCIDENT_OPEN
	]
	items += [
		_item(DISPATCHES, "Dispatch", r, "status", "dispatched_at", now, _title(r))
		for r in dispatches
		if r.get("status") in DISPATCH_ACTIVE
	]
	items += [
		_item(ESCALATIONS, "Escalation Log", r, "status", "fired_at", now, str(r.get("subject") or ""))
		for r in escalations
		if r.get("status") == "Open" and not r.get("acknowledged_at") and not r.get("cleared_at")
	]
	items += [
		_item(WATCH_LIST, "Caller Watch", r, "list_type", "modified", now, str(r.get("reason") or ""))
		for r in watches
		if r.get("modified") and outgoing_start <= r["modified"] <= now
	]
	items += [
		_item(EVENTS, "Incident", r, "status", "reported_at", now, _title(r))
		for r in incidents
		if r.get("priority") == "P1" and r.get("reported_at") and outgoing_start <= r["reported_at"] <= now
	]
	order = {s: i for i, s in enumerate(SECTIONS)}
	return sorted(items, key=lambda i: (order[i.section], i.since or datetime.min, i.reference_name))


def _title(row: Mapping) -> str:
	parts = [str(row[f]) for f in ("title", "agency", "priority") if row.get(f)]
	return " · ".join(parts)


# ---------------------------------------------------------------- workload


@dataclass(frozen=True)
class Session:
	user: str
	signed_on_at: datetime
	signed_off_at: datetime | None  # None: still signed on
	lost_seconds: int = 0


@dataclass(frozen=True)
class AnsweredCall:
	user: str | None
	received_at: datetime
	answered_at: datetime | None
	answer_delay_seconds: int
	duration_seconds: int


@dataclass(frozen=True)
class OperatorLoad:
	user: str
	calls_answered: int
	calls_per_hour: float
	average_handling_seconds: float
	signed_on_seconds: int
	breaks: int
	break_seconds: int


def _overlap(start: datetime, end: datetime, lo: datetime, hi: datetime) -> int:
	return max(0, int((min(end, hi) - max(start, lo)).total_seconds()))


def operator_load(
	user: str, shift: Occurrence, sessions: Iterable[Session], calls: Iterable[AnsweredCall], now: datetime
) -> OperatorLoad:
	"""One operator's shift: calls answered in it, time signed on within it, and breaks: the gaps
	between their sign-ons inside the shift plus the periods their console was lost."""
	end = min(shift.ends_at, now)
	mine = sorted(
		(
			s
			for s in sessions
			if s.user == user and _overlap(s.signed_on_at, s.signed_off_at or now, shift.starts_at, end)
		),
		key=lambda s: s.signed_on_at,
	)
	signed_on = sum(_overlap(s.signed_on_at, s.signed_off_at or now, shift.starts_at, end) for s in mine)
	lost = sum(s.lost_seconds for s in mine)
	gaps = [_overlap(a.signed_off_at or now, b.signed_on_at, shift.starts_at, end) for a, b in pairwise(mine)]
	gaps = [g for g in gaps if g > 0]
	answered = [c for c in calls if c.user == user and c.answered_at and shift.contains(c.answered_at)]
	hours = (signed_on - lost) / 3600
	return OperatorLoad(
		user=user,
		calls_answered=len(answered),
		calls_per_hour=round(len(answered) / hours, 2) if hours > 0 else 0.0,
		average_handling_seconds=round(sum(c.duration_seconds for c in answered) / len(answered), 1)
		if answered
		else 0.0,
		signed_on_seconds=signed_on,
		breaks=len(gaps) + sum(1 for s in mine if s.lost_seconds),
		break_seconds=sum(gaps) + lost,
	)


def waited_too_long(calls: Iterable[AnsweredCall], shift: Occurrence, target_seconds: int) -> int:
	"""Calls received in the shift that waited longer than the answer target (answered late or never)."""
	return sum(
		1
		for c in calls
		if shift.contains(c.received_at)
		and (c.answered_at is None or c.answer_delay_seconds > target_seconds)
	)


def on_shift_at(moment: datetime, sessions: Iterable[Session], now: datetime) -> set[str]:
	"""Who was signed on at ``moment``."""
	return {s.user for s in sessions if s.signed_on_at <= moment < (s.signed_off_at or now)}


def on_shift_during(moments: Sequence[datetime], sessions: Iterable[Session], now: datetime) -> set[str]:
	"""Who was signed on at any of ``moments`` (sorted): one binary search per session, so a report
	over a month of calls stays cheap."""
	users = set()
	for s in sessions:
		first = bisect_left(moments, s.signed_on_at)
		if first < len(moments) and moments[first] < (s.signed_off_at or now):
			users.add(s.user)
	return users
