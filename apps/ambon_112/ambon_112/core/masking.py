"""Caller numbers for people who may count repeat callers but not know who they are.

UU 27/2022 (personal data protection): a caller's number is personal data. Leadership (the 112
Viewer) needs to see that one line called 14 times, that it is the same line as last week's,
and which network it is on (to report an abusive line to the operator), but not the number.

A masked number keeps only the network prefix of an Indonesian number ("+62812", shared by
millions of lines) and adds a *label*: eight letters from a keyed hash (HMAC-SHA256) of the whole
number. The same number always gets the same label on a site, so repeat callers are recognised
across reports and periods; without the site's secret key the label cannot be recomputed from a
guessed number, and no other digit is shown, so the number cannot be recovered from the mask.
"""

from __future__ import annotations

import hashlib
import hmac

MASK = "•••"
COUNTRY = "+62"
NETWORK_DIGITS = 3  # +62 812…, +62 911… (Ambon's area code)
SHORTEST_WITH_PREFIX = 10  # shorter numbers show no prefix: too few digits would stay hidden
LABEL_LETTERS = "BCDFGHJKLMNPQRSTVWXZ"  # consonants only: a label never spells a word or a digit
LABEL_LENGTH = 8  # 20^8 labels: among 100,000 callers two share one with a chance of about 1 in 5


def mask_number(number: str | None, key: bytes) -> str:
	"""``number`` as its network prefix, a mask and its label, e.g. "+62812••• KXQT-RMBZ"."""
	if not number:
		return ""
	text = str(number).strip()
	prefix = network_prefix(text)
	return f"{prefix}{MASK} {caller_label(text, key)}"


def network_prefix(number: str) -> str:
	if number.startswith(COUNTRY) and len(number) >= SHORTEST_WITH_PREFIX:
		return number[: len(COUNTRY) + NETWORK_DIGITS]
	return ""


def caller_label(number: str, key: bytes) -> str:
	"""Eight consonants from HMAC-SHA256(key, number), shown as "KXQT-RMBZ"."""
	if not key:
		raise ValueError("a caller label needs a secret key")
	digest = int.from_bytes(hmac.new(key, number.encode(), hashlib.sha256).digest(), "big")
	letters = []
	for _ in range(LABEL_LENGTH):
		digest, index = divmod(digest, len(LABEL_LETTERS))
		letters.append(LABEL_LETTERS[index])
	half = LABEL_LENGTH // 2
	return "".join(letters[:half]) + "-" + "".join(letters[half:])
