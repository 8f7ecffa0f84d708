"""Advanced Mobile Location (ETSI TS 103 625): the caller's handset reports where it is.

Two transports carry the same facts: an SMS (``A"ML=1;lt=…;lg=…;…;ml=NNN``) and an HTTPS form
post (``location_latitude=…&location_longitude=…``). Both parse into one ``AmlReport``.

A life-safety receiver keeps every position it can use. Handsets, networks and SMS gateways
differ (a wrong or missing ``ml`` — even a published example is off by one —, an unknown
positioning method, an unreadable or future ``top``, unknown, repeated or reordered keys, a
header spelled with other quotes, case or spaces, CR/LF added by a gateway, the text arriving
as a 7-bit packed data SMS): the position is kept and each oddity becomes an ``AmlWarning``.
Only a position that cannot be trusted is refused (``AmlError``): latitude or longitude
missing, unreadable, out of range, or contradicting itself. A report without a fix (``rd=N``,
``pm=N``, ``lt=N``, or no coordinates in the form) is valid: the handset tried and failed.

``strict=True`` is the letter of the specification: any warning (except the transport's own
packing) refuses the message, with the warning's code as the reason.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from itertools import pairwise

from ambon_112.core import gsm7
from ambon_112.core.errors import CoreError

# Far more than two concatenated SMS; the request body is capped below this anyway.
MAX_TEXT_LENGTH = 4096
SMS_HEADER = 'A"ML'
NO_FIX = "N"
# A handset's clock may run a little ahead; beyond this a time of positioning is "in the future".
FUTURE_TOLERANCE = timedelta(seconds=60)
# A fix belongs to the call from the same number received within this many minutes of it.
DEFAULT_MATCH_WINDOW_MINUTES = 10

# Positioning methods: SMS one-letter codes and HTTPS ``location_source`` words, to one vocabulary.
SMS_METHODS = {"G": "GNSS", "W": "Wi-Fi", "C": "Cell", "F": "Fused", "U": "Unknown"}
HTTPS_METHODS = {
	"GPS": "GNSS",
	"GNSS": "GNSS",
	"WIFI": "Wi-Fi",
	"WI-FI": "Wi-Fi",
	"CELL": "Cell",
	"FUSED": "Fused",
	"HYBRID": "Fused",
	"UNKNOWN": "Unknown",
}
METHODS = ("GNSS", "Wi-Fi", "Cell", "Fused", "Unknown")

# Version 1 keys in the order of ETSI TS 103 625 (the header first, ml last).
SMS_KEYS = ("lt", "lg", "rd", "top", "lc", "pm", "si", "ei", "mcc", "mnc", "ml")
POSITION_KEYS = ("lt", "lg")

# Warning codes (the Frappe layer translates them; the codes are stored and stable).
LENGTH_MISSING = "length_missing"
LENGTH_MISMATCH = "length_mismatch"
METHOD_UNKNOWN = "method_unknown"
TIME_UNREADABLE = "time_unreadable"
TIME_IN_FUTURE = "time_in_future"
KEY_UNKNOWN = "key_unknown"
KEY_REPEATED = "key_repeated"
KEY_ORDER = "key_order"
VALUE_CONFLICT = "value_conflict"
VALUE_UNREADABLE = "value_unreadable"
HEADER_VARIANT = "header_variant"
HEADER_MISSING = "header_missing"
VERSION_UNKNOWN = "version_unknown"
WHITESPACE = "whitespace"
PACKED_7BIT = "packed_7bit"
WARNINGS = (
	LENGTH_MISSING,
	LENGTH_MISMATCH,
	METHOD_UNKNOWN,
	TIME_UNREADABLE,
	TIME_IN_FUTURE,
	KEY_UNKNOWN,
	KEY_REPEATED,
	KEY_ORDER,
	VALUE_CONFLICT,
	VALUE_UNREADABLE,
	HEADER_VARIANT,
	HEADER_MISSING,
	VERSION_UNKNOWN,
	WHITESPACE,
	PACKED_7BIT,
)
# How the message travelled, not what it says: strict mode accepts it.
TRANSPORT_WARNINGS = (PACKED_7BIT,)

_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
_DIGITS = re.compile(r"[0-9]+")
_HEX = re.compile(r"(?:[0-9A-Fa-f]{2})+")
_BASE64 = re.compile(r"(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
_HEADER_NOISE = re.compile(r"[\s\\\"'`´“”„‟″]")


class AmlError(CoreError):
	code = "aml_invalid"


@dataclass(frozen=True)
class AmlWarning:
	"""Something odd about a message whose position was kept. ``details`` are plain values."""

	code: str
	details: tuple[tuple[str, str], ...] = ()

	@property
	def params(self) -> dict[str, str]:
		return dict(self.details)


def warning(code: str, **details) -> AmlWarning:
	return AmlWarning(code, tuple((k, str(v)) for k, v in details.items()))


@dataclass(frozen=True)
class AmlReport:
	"""What one AML message says. Times are timezone-aware UTC."""

	transport: str  # "SMS" or "HTTPS"
	has_fix: bool
	latitude: float | None = None
	longitude: float | None = None
	radius_m: float | None = None  # 68 % (SMS lc) confidence radius, as sent
	confidence: int | None = None  # percent
	method: str | None = None  # one of METHODS
	located_at: datetime | None = None
	device_number: str | None = None  # HTTPS only: the SMS form leaves it to the SMS sender
	emergency_number: str | None = None
	imsi: str | None = None
	imei: str | None = None
	mcc: str | None = None
	mnc: str | None = None
	warnings: tuple[AmlWarning, ...] = ()
	text: str | None = None  # SMS: the text read, when it differs from what arrived (packed)

	@property
	def warning_codes(self) -> tuple[str, ...]:
		return tuple(w.code for w in self.warnings)


# ---------------------------------------------------------------- SMS


def parse_sms(text, now: datetime | None = None, strict: bool = False) -> AmlReport:
	"""Parse the text of an AML SMS. Raises AmlError only when no position can be trusted
	(or, with ``strict``, when anything is odd)."""
	if not isinstance(text, str):
		raise AmlError("not text", reason="type")
	if len(text) > MAX_TEXT_LENGTH:
		raise AmlError("message too long", reason="too_long", length=len(text))
	now = now or datetime.now(timezone.utc)
	warnings: list[AmlWarning] = []
	message, packed = unpack_if_packed(text)
	if packed:
		warnings.append(warning(PACKED_7BIT))
	cleaned = message.replace("\r", "").replace("\n", "").strip()
	if cleaned != message:
		warnings.append(warning(WHITESPACE))
	fields = _sms_fields(cleaned, warnings)
	values = _single_values(fields, warnings)
	_check_length(cleaned, message, values.get("ml"), fields, warnings)

	method_code = (values.get("pm") or "").upper()
	radius = values.get("rd") or ""
	if NO_FIX in (method_code, radius.upper(), *((values.get(k) or "").upper() for k in POSITION_KEYS)):
		report = AmlReport(
			"SMS",
			False,
			located_at=_sms_time(values.get("top"), now, warnings),
			**_sms_identity(values, warnings),
		)
	else:
		latitude, longitude = _coordinates(values.get("lt"), values.get("lg"))
		report = AmlReport(
			"SMS",
			True,
			latitude=latitude,
			longitude=longitude,
			radius_m=_optional_non_negative(radius, "rd", warnings),
			confidence=_percent(values.get("lc"), "lc", warnings),
			method=_sms_method(method_code, warnings),
			located_at=_sms_time(values.get("top"), now, warnings),
			**_sms_identity(values, warnings),
		)
	return _finish(report, warnings, strict, text=message if packed else None)


def unpack_if_packed(text: str) -> tuple[str, bool]:
	"""The text itself, or — when it carries no AML header but its octets (hex, base64 or raw)
	unpack from GSM 7-bit septets into one — the unpacked text."""
	if _has_header(text):
		return text, False
	stripped = text.strip()
	candidates = []
	if _HEX.fullmatch(stripped):
		candidates.append(bytes.fromhex(stripped))
	if _BASE64.fullmatch(stripped):
		try:
			candidates.append(base64.b64decode(stripped, validate=True))
		except (binascii.Error, ValueError):
			pass
	if text and all(ord(c) < 256 for c in text):
		candidates.append(text.encode("latin-1"))
	for data in candidates:
		for skip in (0, gsm7.user_data_header_bits(data)):
			unpacked = gsm7.decode_packed(data, skip)
			if _has_header(unpacked):
				return unpacked, True
	return text, False


def sms_length_field(body_without_ml: str) -> str:
	"""The ``ml=NNN`` suffix that makes ``body_without_ml + ';ml=NNN'`` a consistent message.

	``ml`` counts the whole message, itself included; used to build test messages and by gateways.
	"""
	for digits in range(1, 6):
		total = len(body_without_ml) + len(";ml=") + digits
		if len(str(total)) == digits:
			return f";ml={total}"
	raise AmlError("message too long", reason="too_long", length=len(body_without_ml))


# ---------------------------------------------------------------- HTTPS


def parse_https(form: Mapping, now: datetime | None = None, strict: bool = False) -> AmlReport:
	"""Parse the fields of an AML HTTPS post. Raises AmlError only when it is not an AML post or
	its position cannot be trusted (or, with ``strict``, when anything is odd)."""
	if not isinstance(form, Mapping):
		raise AmlError("not a form", reason="type")
	now = now or datetime.now(timezone.utc)
	warnings: list[AmlWarning] = []
	get = {str(k).strip().lower(): ("" if v is None else str(v).strip()) for k, v in form.items()}.get
	if not (get("v") or get("location_latitude") or get("location_longitude") or get("device_number")):
		raise AmlError("not an AML HTTPS post", reason="header")
	source = get("location_source", "").upper()
	lat_text, lng_text = get("location_latitude", ""), get("location_longitude", "")
	identity = {
		"device_number": get("device_number") or None,
		"emergency_number": get("emergency_number") or None,
		"imsi": _digits_or_none(get("device_imsi"), "device_imsi", warnings),
		"imei": _digits_or_none(get("device_imei"), "device_imei", warnings),
		"mcc": _digits_or_none(get("cell_network_mcc") or get("cell_home_mcc"), "mcc", warnings),
		"mnc": _digits_or_none(get("cell_network_mnc") or get("cell_home_mnc"), "mnc", warnings),
	}
	located_at = _https_time(get("location_time") or get("time"), now, warnings)
	if not (lat_text or lng_text) or source == "NONE":
		return _finish(AmlReport("HTTPS", False, located_at=located_at, **identity), warnings, strict)
	latitude, longitude = _coordinates(lat_text or None, lng_text or None)
	method = HTTPS_METHODS.get(source)
	if source and not method:
		method = "Unknown"
		warnings.append(warning(METHOD_UNKNOWN, value=source))
	report = AmlReport(
		"HTTPS",
		True,
		latitude=latitude,
		longitude=longitude,
		radius_m=_optional_non_negative(get("location_accuracy", ""), "location_accuracy", warnings),
		confidence=_percent(
			get("location_confidence") or get("location_certainty"), "location_confidence", warnings
		),
		method=method,
		located_at=located_at,
		**identity,
	)
	return _finish(report, warnings, strict)


# ---------------------------------------------------------------- helpers


def _finish(report: AmlReport, warnings: list[AmlWarning], strict: bool, text: str | None = None):
	unique = tuple(dict.fromkeys(warnings))
	if strict:
		odd = [w for w in unique if w.code not in TRANSPORT_WARNINGS]
		if odd:
			raise AmlError(
				"not exactly as the specification says",
				reason=odd[0].code,
				warning=odd[0],
				warnings=",".join(w.code for w in odd),
			)
	return replace(report, warnings=unique, text=text)


def _header_key(key: str) -> bool:
	return _HEADER_NOISE.sub("", key).upper() == "AML"


def _has_header(text: str) -> bool:
	head = text.lstrip()[:12]
	key = head.split("=", 1)[0] if "=" in head else ""
	return _header_key(key)


def _sms_fields(message: str, warnings: list[AmlWarning]) -> list[tuple[str, str | None]]:
	"""(key, value) in the order sent; the header's key becomes ``A"ML``, others lower case."""
	fields, unknown, spaced, header_seen = [], [], False, False
	for part in message.split(";"):
		if not part.strip():
			continue
		raw_key, sep, raw_value = part.partition("=")
		key, value = raw_key.strip(), raw_value.strip() if sep else None
		spaced = spaced or key != raw_key or (sep and value != raw_value)
		if _header_key(key) and not header_seen:
			header_seen = True
			if key != SMS_HEADER:
				warnings.append(warning(HEADER_VARIANT, value=raw_key))
			if fields:
				warnings.append(warning(KEY_ORDER))
			if value != "1":
				warnings.append(warning(VERSION_UNKNOWN, value=value))
			continue
		canonical = key.lower()
		if canonical != key and canonical in SMS_KEYS:
			warnings.append(warning(HEADER_VARIANT, value=raw_key))
		if canonical not in SMS_KEYS:
			unknown.append(key)
		fields.append((canonical, value))
	if spaced:
		warnings.append(warning(WHITESPACE))
	if not header_seen:
		warnings.append(warning(HEADER_MISSING))
	if unknown:
		warnings.append(warning(KEY_UNKNOWN, keys=", ".join(dict.fromkeys(k[:20] for k in unknown))[:120]))
	known = [SMS_KEYS.index(k) for k in dict.fromkeys(k for k, _ in fields) if k in SMS_KEYS]  # first seen
	if any(a > b for a, b in pairwise(known)):
		warnings.append(warning(KEY_ORDER))
	return fields


def _single_values(fields: list[tuple[str, str | None]], warnings: list[AmlWarning]) -> dict:
	"""One value per known key. A harmless repeat is flagged; a position key that contradicts
	itself refuses the message; any other conflicting key is flagged and left out."""
	values: dict[str, list[str | None]] = {}
	for key, value in fields:
		if key in SMS_KEYS:
			values.setdefault(key, []).append(value)
	repeated, conflicting = [], []
	single = {}
	for key, seen in values.items():
		distinct = list(dict.fromkeys(seen))
		if len(seen) > 1:
			(repeated if len(distinct) == 1 else conflicting).append(key)
		if len(distinct) == 1:
			single[key] = distinct[0]
	contradicted = [k for k in conflicting if k in POSITION_KEYS]
	if contradicted:
		raise AmlError(
			"the position contradicts itself", reason="contradiction", field=", ".join(contradicted)
		)
	if repeated:
		warnings.append(warning(KEY_REPEATED, keys=", ".join(repeated)))
	if conflicting:
		warnings.append(warning(VALUE_CONFLICT, keys=", ".join(conflicting)))
	return single


def _check_length(cleaned: str, received: str, declared, fields, warnings: list[AmlWarning]):
	"""``ml`` is the length of the entire message including the header and ``ml`` itself.

	It matches when it counts the message as the handset wrote it (without what a gateway
	added around it) or as it arrived."""
	if not any(key == "ml" for key, _ in fields):
		warnings.append(warning(LENGTH_MISSING))
		return
	if declared is None:
		return  # ml repeated with different values: flagged as a conflict already
	if not _DIGITS.fullmatch(declared):
		warnings.append(warning(LENGTH_MISSING, value=declared))
		return
	if int(declared) not in (len(cleaned), len(received), len(received.strip())):
		warnings.append(warning(LENGTH_MISMATCH, declared=int(declared), actual=len(cleaned)))


def _coordinates(lat_text, lng_text) -> tuple[float, float]:
	if lat_text is None or lng_text is None:
		missing = ", ".join(n for n, t in (("latitude", lat_text), ("longitude", lng_text)) if t is None)
		raise AmlError("position missing", reason="missing", field=missing)
	latitude, longitude = _number(lat_text, "latitude"), _number(lng_text, "longitude")
	if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
		raise AmlError("coordinates out of range", reason="range", latitude=latitude, longitude=longitude)
	return latitude, longitude


def _number(text, field: str) -> float:
	if text is None or not _NUMBER.fullmatch(text):
		raise AmlError("not a number", reason="number", field=field, value=text)
	value = float(text)
	if not math.isfinite(value):
		raise AmlError("not a number", reason="number", field=field, value=text)
	return value


def _optional_non_negative(text, field: str, warnings: list[AmlWarning]) -> float | None:
	if not text:
		return None
	value = float(text) if _NUMBER.fullmatch(text) else None
	if value is None or not math.isfinite(value) or value < 0:
		warnings.append(warning(VALUE_UNREADABLE, field=field, value=text))
		return None
	return value


def _percent(text, field: str, warnings: list[AmlWarning]) -> int | None:
	if not text or text.upper() == NO_FIX:
		return None
	if not _DIGITS.fullmatch(text) or not 0 <= int(text) <= 100:
		warnings.append(warning(VALUE_UNREADABLE, field=field, value=text))
		return None
	return int(text)


def _digits_or_none(text, field: str, warnings: list[AmlWarning]) -> str | None:
	if not text or text.upper() == NO_FIX:
		return None
	if not (_DIGITS.fullmatch(text) and len(text) <= 20):
		warnings.append(warning(VALUE_UNREADABLE, field=field, value=text[:40]))
		return None
	return text


def _sms_method(code: str, warnings: list[AmlWarning]) -> str | None:
	if not code:
		return None
	if code not in SMS_METHODS:
		warnings.append(warning(METHOD_UNKNOWN, value=code))
		return "Unknown"
	return SMS_METHODS[code]


def _sms_identity(values: dict, warnings: list[AmlWarning]) -> dict:
	return {
		"imsi": _digits_or_none(values.get("si"), "si", warnings),
		"imei": _digits_or_none(values.get("ei"), "ei", warnings),
		"mcc": _digits_or_none(values.get("mcc"), "mcc", warnings),
		"mnc": _digits_or_none(values.get("mnc"), "mnc", warnings),
	}


def _not_future(moment: datetime, text: str, now: datetime, warnings: list[AmlWarning]):
	if moment > now + FUTURE_TOLERANCE:
		warnings.append(warning(TIME_IN_FUTURE, value=text))
		return None
	return moment


def _sms_time(text, now: datetime, warnings: list[AmlWarning]) -> datetime | None:
	"""``top`` is the time of positioning in UTC, ``YYYYMMDDhhmmss``; unreadable or future: None."""
	if not text or text.upper() == NO_FIX:
		return None
	try:
		if not re.fullmatch(r"[0-9]{14}", text):
			raise ValueError(text)
		moment = datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
	except ValueError:
		warnings.append(warning(TIME_UNREADABLE, value=text[:40]))
		return None
	return _not_future(moment, text, now, warnings)


def _https_time(text, now: datetime, warnings: list[AmlWarning]) -> datetime | None:
	"""Milliseconds since the epoch (as handsets send it) or an ISO 8601 time with an offset."""
	if not text:
		return None
	try:
		if _DIGITS.fullmatch(text):
			millis = int(text)
			if millis > 10**14:  # beyond the year 5138: not a time
				raise ValueError(text)
			moment = datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=millis)
		else:
			moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
			# AML times are UTC
			moment = moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment
			moment = moment.astimezone(timezone.utc)
	except (ValueError, OverflowError):
		warnings.append(warning(TIME_UNREADABLE, value=text[:40]))
		return None
	return _not_future(moment, text, now, warnings)
