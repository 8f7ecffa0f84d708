"""Call events from the centre's PBX, and how they fold into one call record.

A PBX reports a call as a handful of events (ringing, answered, transferred, ended, missed or
abandoned). Networks retry and reorder: the same event may come twice and "ended" may overtake
"answered". ``merge`` is therefore idempotent and order-independent: folding any permutation of
the same events, repeated or not, gives the same timestamps. Nothing here knows about Frappe.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone

from ambon_112.core.errors import CoreError

RINGING, ANSWERED, TRANSFERRED, ENDED, MISSED, ABANDONED = (
	"ringing",
	"answered",
	"transferred",
	"ended",
	"missed",
	"abandoned",
)
EVENTS = (RINGING, ANSWERED, TRANSFERRED, ENDED, MISSED, ABANDONED)
# Words PBXs and their scripts commonly use for the same events.
ALIASES = {
	"ring": RINGING,
	"ringing": RINGING,
	"incoming": RINGING,
	"answer": ANSWERED,
	"answered": ANSWERED,
	"connect": ANSWERED,
	"transfer": TRANSFERRED,
	"transferred": TRANSFERRED,
	"end": ENDED,
	"ended": ENDED,
	"hangup": ENDED,
	"completed": ENDED,
	"missed": MISSED,
	"noanswer": MISSED,
	"no-answer": MISSED,
	"abandon": ABANDONED,
	"abandoned": ABANDONED,
}
# Events after which the line is closed; "missed" and "abandoned" close an unanswered call.
CLOSING = (ENDED, MISSED, ABANDONED)

CALL_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@+/\-]{0,139}")
AGENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:@+/\-]{0,139}")
MAX_NUMBER_LENGTH = 64
# A PBX clock this far from ours is misconfigured: refuse rather than file a call at a wrong date.
MAX_CLOCK_SKEW = timedelta(days=1)
SIGNATURE_PREFIX = "sha256="


class InvalidCallEvent(CoreError):
	code = "invalid_call_event"


@dataclass(frozen=True)
class CallEvent:
	call_id: str
	kind: str  # one of EVENTS
	at: datetime  # timezone-aware
	caller: str | None = None
	agent: str | None = None  # extension or user that answered / received the transfer


@dataclass(frozen=True)
class CallTimes:
	"""What the call record keeps from its events; datetimes are timezone-aware."""

	received_at: datetime | None = None
	answered_at: datetime | None = None
	ended_at: datetime | None = None
	transferred_at: datetime | None = None
	agent: str | None = None
	agent_at: datetime | None = None  # time of the event that named the agent
	caller: str | None = None
	kinds: frozenset = field(default_factory=frozenset)


def parse_event(payload: Mapping, now: datetime) -> CallEvent:
	"""Validate one event as posted by the PBX; ``now`` (aware) stands in for a missing timestamp."""
	if not isinstance(payload, Mapping):
		raise InvalidCallEvent("payload is not a set of fields", field="payload")
	call_id = _text(payload.get("call_id"))
	if not call_id:
		raise InvalidCallEvent("call_id missing", field="call_id")
	if not CALL_ID.fullmatch(call_id):
		raise InvalidCallEvent("call_id has characters a PBX id never has, or is too long", field="call_id")
	kind = ALIASES.get(_text(payload.get("event")).lower())
	if not kind:
		raise InvalidCallEvent("unknown event", field="event", value=_text(payload.get("event"))[:40])
	caller = _text(payload.get("caller")) or None
	if caller and (len(caller) > MAX_NUMBER_LENGTH or not caller.isprintable()):
		raise InvalidCallEvent("caller number too long or not printable", field="caller")
	agent = _text(payload.get("agent")) or None
	if agent and not AGENT.fullmatch(agent):
		raise InvalidCallEvent("agent is not an extension or a user id", field="agent")
	at = parse_time(payload.get("timestamp"), now)
	if abs(at - now) > MAX_CLOCK_SKEW:
		raise InvalidCallEvent("timestamp is more than a day away from now", field="timestamp")
	return CallEvent(call_id, kind, at, caller, agent)


def parse_time(value, now: datetime) -> datetime:
	"""Seconds since the epoch (Asterisk's ${EPOCH}, decimals allowed) or ISO 8601 with an offset."""
	text = _text(value)
	if not text:
		return now
	if re.fullmatch(r"[0-9]{1,11}(\.[0-9]{1,6})?", text):
		return datetime.fromtimestamp(float(text), tz=timezone.utc)
	try:
		moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
	except ValueError:
		raise InvalidCallEvent("timestamp unreadable", field="timestamp")
	if moment.tzinfo is None:
		raise InvalidCallEvent("timestamp without a time zone offset", field="timestamp")
	return moment


def merge(times: CallTimes, event: CallEvent) -> CallTimes:
	"""Fold one event into what the call already knows; never loses a timestamp."""
	at = event.at
	merged = replace(
		times,
		received_at=_earliest(times.received_at, at),
		kinds=times.kinds | {event.kind},
		caller=times.caller or event.caller,
	)
	if event.kind == ANSWERED:
		merged = replace(merged, answered_at=_earliest(times.answered_at, at))
	elif event.kind == TRANSFERRED:
		merged = replace(merged, transferred_at=_latest(times.transferred_at, at))
	elif event.kind in CLOSING:
		merged = replace(merged, ended_at=_latest(times.ended_at, at))
	if event.agent and event.kind in (ANSWERED, TRANSFERRED) and _later_agent(times, at, event.agent):
		merged = replace(merged, agent=event.agent, agent_at=at)
	return merged


def fold(events) -> CallTimes:
	times = CallTimes()
	for event in events:
		times = merge(times, event)
	return times


def sign(secret: str, body: bytes) -> str:
	"""The signature header value for ``body``: ``sha256=<hex HMAC-SHA256(secret, body)>``."""
	return SIGNATURE_PREFIX + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def signature_valid(secret: str, body: bytes, header) -> bool:
	if not header or not isinstance(header, str):
		return False
	return hmac.compare_digest(sign(secret, body), header.strip().lower())


# ---------------------------------------------------------------- helpers


def _text(value) -> str:
	return "" if value is None else str(value).strip()


def _earliest(current: datetime | None, new: datetime) -> datetime:
	return new if current is None or new < current else current


def _latest(current: datetime | None, new: datetime) -> datetime:
	return new if current is None or new > current else current


def _later_agent(times: CallTimes, at: datetime, agent: str) -> bool:
	"""The agent of the latest event wins; a tie goes to the greater id so order never matters."""
	if times.agent_at is None or at > times.agent_at:
		return True
	return at == times.agent_at and agent > (times.agent or "")
