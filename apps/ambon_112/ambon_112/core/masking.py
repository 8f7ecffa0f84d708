"""Masking caller numbers for people who may count repeat callers but not know who they are.

UU 27/2022 (personal data protection): a caller's number is personal data. A supervisor's
viewer can still see that "+6281••••••234" called 14 times; only roles that need the number
see it whole. The mask keeps the length, the country and network prefix of a full number and
its last three digits, the way Indonesian banks print account numbers.
"""

from __future__ import annotations

MASK = "•"
HEAD = 5  # "+6281" or "08124": the country and network, shared by millions of numbers
TAIL = 3
FULL_NUMBER = 12  # shorter numbers show no head: too few digits would stay hidden


def mask_number(number: str | None) -> str:
	"""The number with all but its prefix and last digits replaced by ``MASK``."""
	if not number:
		return ""
	text = str(number)
	head = HEAD if len(text) >= FULL_NUMBER else 0
	tail = TAIL if len(text) >= 7 else 0
	return text[:head] + MASK * (len(text) - head - tail) + text[len(text) - tail :]
