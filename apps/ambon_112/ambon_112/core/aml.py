"""Advanced Mobile Location (ETSI TS 103 625): the caller's handset reports where it is.

Two transports carry the same facts: an SMS (``A"ML=1;lt=…;lg=…;…;ml=NNN``) and an HTTPS form
post (``location_latitude=…&location_longitude=…``). Both parse into one ``AmlReport``. A report
without a fix (``rd=N`` or ``pm=N``, or no coordinates in the form) is valid: the handset tried
and failed. Anything else that does not read as AML raises ``AmlError`` with a stable code; the
Frappe layer then keeps the raw text on a log record for inspection.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from ambon_112.core.errors import CoreError

# An AML SMS is one or two concatenated SMS; a longer text is not AML.
MAX_SMS_LENGTH = 480
SMS_HEADER = 'A"ML'
NO_FIX = "N"

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

_NUMBER = re.compile(r"[+-]?[0-9]+(\.[0-9]+)?")
_DIGITS = re.compile(r"[0-9]+")


class AmlError(CoreError):
	code = "aml_invalid"


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


def parse_sms(text) -> AmlReport:
	"""Parse the text of an AML SMS (version 1). Raises AmlError when it is not a valid one."""
	if not isinstance(text, str):
		raise AmlError("not text", reason="type")
	message = text.strip()
	if len(message) > MAX_SMS_LENGTH:
		raise AmlError("message too long", reason="too_long", length=len(message))
	fields = _sms_fields(message)
	if fields.get(SMS_HEADER) != "1":
		raise AmlError("not an AML version 1 message", reason="header")
	_check_length(message, fields.get("ml"))

	method_code = fields.get("pm", "").upper()
	radius = fields.get("rd", "")
	if method_code == NO_FIX or radius.upper() == NO_FIX:
		return AmlReport("SMS", False, located_at=_sms_time(fields.get("top")), **_sms_identity(fields))
	if method_code and method_code not in SMS_METHODS:
		raise AmlError("unknown positioning method", reason="method", value=method_code)
	latitude, longitude = _coordinates(fields.get("lt"), fields.get("lg"))
	return AmlReport(
		"SMS",
		True,
		latitude=latitude,
		longitude=longitude,
		radius_m=_non_negative(radius, "rd"),
		confidence=_percent(fields.get("lc")),
		method=SMS_METHODS.get(method_code),
		located_at=_sms_time(fields.get("top")),
		**_sms_identity(fields),
	)


def parse_https(form: Mapping) -> AmlReport:
	"""Parse the fields of an AML HTTPS post. Raises AmlError when it carries no usable report."""
	if not isinstance(form, Mapping):
		raise AmlError("not a form", reason="type")
	get = {str(k).strip().lower(): ("" if v is None else str(v).strip()) for k, v in form.items()}.get
	if not (get("v") or get("location_latitude") or get("device_number")):
		raise AmlError("not an AML HTTPS post", reason="header")
	source = get("location_source", "").upper()
	lat_text, lng_text = get("location_latitude", ""), get("location_longitude", "")
	identity = {
		"device_number": get("device_number") or None,
		"emergency_number": get("emergency_number") or None,
		"imsi": _digits_or_none(get("device_imsi")),
		"imei": _digits_or_none(get("device_imei")),
		"mcc": _digits_or_none(get("cell_network_mcc") or get("cell_home_mcc")),
		"mnc": _digits_or_none(get("cell_network_mnc") or get("cell_home_mnc")),
	}
	located_at = _https_time(get("location_time") or get("time"))
	if not (lat_text or lng_text) or source == "NONE":
		return AmlReport("HTTPS", False, located_at=located_at, **identity)
	latitude, longitude = _coordinates(lat_text, lng_text)
	accuracy = get("location_accuracy", "")
	confidence = get("location_confidence") or get("location_certainty")
	return AmlReport(
		"HTTPS",
		True,
		latitude=latitude,
		longitude=longitude,
		radius_m=_non_negative(accuracy, "location_accuracy") if accuracy else None,
		confidence=_percent(confidence),
		method=HTTPS_METHODS.get(source, "Unknown" if source else None),
		located_at=located_at,
		**identity,
	)


def sms_length_field(body_without_ml: str) -> str:
	"""The ``ml=NNN`` suffix that makes ``body_without_ml + ';ml=NNN'`` a consistent message.

	``ml`` counts the whole message, itself included; used to build test messages and by gateways.
	"""
	for digits in (1, 2, 3):
		total = len(body_without_ml) + len(";ml=") + digits
		if len(str(total)) == digits:
			return f";ml={total}"
	raise AmlError("message too long", reason="too_long", length=len(body_without_ml))


# ---------------------------------------------------------------- helpers


def _sms_fields(message: str) -> dict[str, str]:
	fields = {}
	for part in message.split(";"):
		if not part.strip():
			continue
		key, sep, value = part.partition("=")
		if not sep:
			raise AmlError("field without a value", reason="syntax", field=key)
		key = key.strip()
		if key in fields:
			raise AmlError("field repeated", reason="syntax", field=key)
		fields[key] = value.strip()
	return fields


def _check_length(message: str, declared: str | None):
	"""``ml`` is the length of the entire message including the header and ``ml`` itself."""
	if declared is None or not _DIGITS.fullmatch(declared):
		raise AmlError("message length missing", reason="length")
	if int(declared) != len(message):
		raise AmlError(
			"message length does not match", reason="length", declared=int(declared), actual=len(message)
		)


def _coordinates(lat_text, lng_text) -> tuple[float, float]:
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


def _non_negative(text, field: str) -> float:
	value = _number(text, field)
	if value < 0:
		raise AmlError("negative value", reason="number", field=field, value=text)
	return value


def _percent(text) -> int | None:
	if not text or not _DIGITS.fullmatch(text):
		return None
	value = int(text)
	return value if 0 <= value <= 100 else None


def _digits_or_none(text) -> str | None:
	return text if text and _DIGITS.fullmatch(text) and len(text) <= 20 else None


def _sms_identity(fields: dict[str, str]) -> dict:
	return {
		"imsi": _digits_or_none(fields.get("si")),
		"imei": _digits_or_none(fields.get("ei")),
		"mcc": _digits_or_none(fields.get("mcc")),
		"mnc": _digits_or_none(fields.get("mnc")),
	}


def _sms_time(text) -> datetime | None:
	"""``top`` is the time of positioning in UTC, ``YYYYMMDDhhmmss``."""
	if not text or text.upper() == NO_FIX:
		return None
	if not re.fullmatch(r"[0-9]{14}", text):
		raise AmlError("time of positioning unreadable", reason="time", value=text)
	try:
		return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)
	except ValueError:
		raise AmlError("time of positioning unreadable", reason="time", value=text)


def _https_time(text) -> datetime | None:
	"""Milliseconds since the epoch (as handsets send it) or an ISO 8601 time with an offset."""
	if not text:
		return None
	if _DIGITS.fullmatch(text):
		millis = int(text)
		if millis > 10**14:  # beyond the year 5138: not a time
			raise AmlError("location time unreadable", reason="time", value=text)
		return datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(milliseconds=millis)
	try:
		moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
	except ValueError:
		raise AmlError("location time unreadable", reason="time", value=text)
	if moment.tzinfo is None:
		return moment.replace(tzinfo=timezone.utc)  # AML times are UTC
	return moment.astimezone(timezone.utc)
