"""What a crew reports from the field, as plain data: offline presses, their times, the SMS codes.

A phone keeps every press (status, note, position, photo) with its own id and the moment it was
pressed, and sends it when it has signal. The server applies each id once, in press order, and
stamps a status with the press time. These rules decide, for one update, whether its press time
can be believed and what it does to the dispatch; the SMS fallback writes the same status as a
short code. Pure: no frappe.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ambon_112.core.errors import CoreError
from ambon_112.core.incident_states import DISPATCH_PROGRESS

# Kinds of update a crew makes; each is applied once per client id.
STATUS = "Status"
NEED_MORE_UNITS = "Need More Units"
NOTE = "Note"
POSITION = "Position"
PHOTO = "Photo"
KINDS = (STATUS, NEED_MORE_UNITS, NOTE, POSITION, PHOTO)

# The statuses a crew reports (the centre alone cancels).
CREW_STATUSES = ("Acknowledged", "En Route", "On Scene", "Cleared")

# What became of an update; the crew's phone shows it.
APPLIED = "Applied"
ALREADY_RECORDED = "Already Recorded"  # the step was reached before (another member, an earlier press)
KEPT_AS_NOTE = "Kept as Note"  # the centre cancelled the dispatch meanwhile
REFUSED = "Refused"
OUTCOMES = (APPLIED, ALREADY_RECORDED, KEPT_AS_NOTE, REFUSED)

# The SMS codes of the crew's reports: defined once, read by the portal and the SMS endpoint.
SMS_CODES = {
	"AK": "Acknowledged",
	"ER": "En Route",
	"OS": "On Scene",
	"CL": "Cleared",
	"MU": NEED_MORE_UNITS,
}
SMS_PREFIX = "112"
CODE_OF = {meaning: code for code, meaning in SMS_CODES.items()}

DEFAULT_CLOCK_SKEW_SECONDS = 120  # a phone's clock may run this far ahead of the server's
DEFAULT_PHOTO_MAX_KB = 300  # the phone shrinks a photo to at most this before queuing it
MAX_PHOTO_KB = 5120  # no setting may ask the server to take more than this
MAX_BATCH = 200  # updates in one sync request
MAX_CLIENT_ID = 64

_CLIENT_ID = re.compile(r"[A-Za-z0-9:_\-]{8,64}")
_DISPATCH_NAME = re.compile(r"DSP-\d{4}-\d{5,}")


class PressTimeError(CoreError):
	code = "press_time"


class SmsFormatError(CoreError):
	code = "sms_format"


def valid_client_id(value) -> bool:
	"""A client id is what the phone generated (a UUID): letters, digits, ``-``, ``_`` and ``:``."""
	return isinstance(value, str) and bool(_CLIENT_ID.fullmatch(value))


def press_time(epoch_ms, time_zone: str) -> datetime:
	"""The moment of a press, given by the phone in milliseconds since the epoch, as the site's
	naive local time (how Frappe stores datetimes)."""
	try:
		ms = float(epoch_ms)
	except (TypeError, ValueError) as e:
		raise PressTimeError("the press time is not a number", reason="unreadable") from e
	if ms != ms or ms in (float("inf"), float("-inf")) or not 0 < ms < 32503680000000:
		raise PressTimeError("the press time is out of range", reason="unreadable")
	moment = datetime.fromtimestamp(ms / 1000, tz=ZoneInfo(time_zone))
	return moment.replace(tzinfo=None)


def check_press_time(
	pressed: datetime, now: datetime, dispatched: datetime | None, skew_seconds: float
) -> None:
	"""A press may not lie in the future (beyond the clock skew allowed) nor before the dispatch."""
	if pressed > now + timedelta(seconds=max(0.0, skew_seconds)):
		raise PressTimeError("the press time is in the future", reason="future")
	if dispatched is not None and pressed < dispatched:
		raise PressTimeError("the press time is before the dispatch", reason="before_dispatch")


def effective_press_time(pressed: datetime, now: datetime) -> datetime:
	"""A press within the allowed skew ahead of the server counts as now: no stamp lies in the future."""
	return min(pressed, now)


def delivered_late(pressed: datetime, delivered: datetime, skew_seconds: float) -> bool:
	"""Delivered late: it reached the server more than the clock skew after it was pressed."""
	return (delivered - pressed).total_seconds() > max(0.0, skew_seconds)


def status_outcome(current: str | None, requested: str) -> str:
	"""What a crew's status press does to a dispatch in ``current``: never backwards, never twice.

	Forward → applied; the same step or one already passed → recorded only (a second crew
	member, or a press overtaken by a later one); the centre cancelled → kept as a note.
	"""
	if requested not in CREW_STATUSES:
		raise ValueError(f"not a crew status: {requested}")
	if current == "Cancelled":
		return KEPT_AS_NOTE
	if current not in DISPATCH_PROGRESS:
		return REFUSED
	if DISPATCH_PROGRESS.index(requested) > DISPATCH_PROGRESS.index(current):
		return APPLIED
	return ALREADY_RECORDED


def in_press_order(updates: list[dict]) -> list[dict]:
	"""Updates sorted by press time; presses at the same millisecond keep the order they came in."""
	return sorted(updates, key=lambda u: float(u.get("pressed_at") or 0))


@dataclass(frozen=True)
class SmsReport:
	dispatch: str
	code: str

	@property
	def meaning(self) -> str:
		return SMS_CODES[self.code]


def sms_text(dispatch: str, meaning: str) -> str:
	"""The text the portal's "send by SMS" button composes, e.g. ``112 DSP-2026-00017 OS``."""
	return f"{SMS_PREFIX} {dispatch} {CODE_OF[meaning]}"


def parse_sms(text) -> SmsReport:
	"""Read ``112 <dispatch> <code>`` strictly: three words, in that order, nothing else.

	Spaces around and between the words and the letters' case are forgiven (phones capitalise and
	autocorrect); every other difference is refused, so nothing is ever guessed from a text.
	"""
	if not isinstance(text, str):
		raise SmsFormatError("no text", reason="empty")
	words = text.split()
	if len(words) != 3:
		raise SmsFormatError("expected three words: 112, the dispatch and the code", reason="words")
	prefix, dispatch, code = words[0], words[1].upper(), words[2].upper()
	if prefix != SMS_PREFIX:
		raise SmsFormatError("the text does not start with 112", reason="prefix")
	if not _DISPATCH_NAME.fullmatch(dispatch):
		raise SmsFormatError("not a dispatch number", reason="dispatch")
	if code not in SMS_CODES:
		raise SmsFormatError("unknown code", reason="code")
	return SmsReport(dispatch, code)
