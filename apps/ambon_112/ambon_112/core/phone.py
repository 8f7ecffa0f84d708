"""Indonesian phone numbers as a 112 centre receives them.

A number is normalised to E.164 (``+62…``) when it is clearly valid, and otherwise kept
exactly as typed and flagged: the operator must see what the network or the caller gave,
never a silently "corrected" number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Emergency and service short codes dialled in Indonesia (112 itself, police, fire, ...).
SHORT_CODES = frozenset({"110", "112", "113", "115", "118", "119", "123", "129", "1500"})
WITHHELD = frozenset({"", "anonymous", "unknown", "private", "withheld", "restricted", "unavailable"})
AMBON_AREA_CODE = "911"

_SEPARATORS = re.compile(r"[\s\-.()/]")
_DIGITS = re.compile(r"[0-9]+")  # ASCII only: str.isdigit() also admits "²" and full-width digits


@dataclass(frozen=True)
class PhoneNumber:
	raw: str
	normalized: str | None  # E.164, or the short code; None when withheld or invalid
	kind: str  # mobile, landline, short, international, withheld, invalid
	problem: str | None = None  # why an invalid number is invalid

	@property
	def valid(self) -> bool:
		return self.kind != "invalid"

	@property
	def history_key(self) -> str | None:
		"""What the caller history groups by: the E.164 form, else the text as typed, compacted.

		Withheld callers have no history: grouping every anonymous caller together would flag
		them all as one repeat caller.
		"""
		if self.normalized:
			return self.normalized
		if self.kind == "withheld":
			return None
		digits = _SEPARATORS.sub("", self.raw)
		return digits or None


def normalize(raw, default_area_code: str = AMBON_AREA_CODE) -> PhoneNumber:
	"""Classify and normalise a number given by a PBX, an SMS gateway or an operator."""
	text = "" if raw is None else str(raw).strip()
	if text.lower() in WITHHELD:
		return PhoneNumber(text, None, "withheld")
	compact = _SEPARATORS.sub("", text)
	if compact.startswith("00"):
		compact = "+" + compact[2:]
	plus = compact.startswith("+")
	digits = compact[1:] if plus else compact
	if not _DIGITS.fullmatch(digits):
		return PhoneNumber(text, None, "invalid", "characters")
	if not plus and digits in SHORT_CODES:
		return PhoneNumber(text, digits, "short")
	if plus and not digits.startswith("62"):
		if 8 <= len(digits) <= 15 and digits[0] != "0":
			return PhoneNumber(text, "+" + digits, "international")
		return PhoneNumber(text, None, "invalid", "length")
	if digits.startswith("62"):
		national = digits[2:]
	elif digits.startswith("0"):
		national = digits[1:]
	elif not plus and 5 <= len(digits) <= 8 and digits[0] in "23456789":
		# A local landline presented without its area code.
		national = default_area_code + digits
	elif not plus and digits.startswith("8"):
		national = digits  # mobile typed without the leading 0
	else:
		return PhoneNumber(text, None, "invalid", "prefix")
	return _classify_national(text, national)


def _classify_national(text: str, national: str) -> PhoneNumber:
	if national.startswith("0") or not national:
		return PhoneNumber(text, None, "invalid", "prefix")
	if national.startswith("8"):
		# Mobile: 08xx-xxxx-xxx(x)(x), 9 to 12 digits after the country code.
		if 9 <= len(national) <= 12:
			return PhoneNumber(text, "+62" + national, "mobile")
		return PhoneNumber(text, None, "invalid", "length")
	if national[0] in "2345679":
		# Landline: a 2- or 3-digit area code and a 5- to 8-digit subscriber number.
		if 7 <= len(national) <= 11:
			return PhoneNumber(text, "+62" + national, "landline")
		return PhoneNumber(text, None, "invalid", "length")
	return PhoneNumber(text, None, "invalid", "prefix")
