"""Which column names a piece of query text mentions: a selected expression, a sort, a grouping, a filter.

Used to refuse filters, sorts and groupings on fields a user may not read (see
ambon_112.security.field_levels). It errs on the side of refusing: every back-quoted name and
every bare word counts, string literals included, and names compare without case because
MariaDB's column names do.
"""

from __future__ import annotations

import re

_QUOTED = re.compile(r"`([^`]*)`")
# Without these, a condition reads as back-quoted names, '…' literals ('' a quote inside) and words.
_HIDING = ("/*", "*/", "#", "--", ";", "\\", '"')
_TOKEN = re.compile(r"`(?P<quoted>[^`]*)`|'(?:[^']|'')*'|(?P<word>[A-Za-z_][A-Za-z0-9_]*)|[\s\S]")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# `column`, `tabDocType`.`column` or tabDocType.column, optionally "as alias": a column, nothing more.
_COLUMN = r"(?:`[A-Za-z_][A-Za-z0-9_]*`|[A-Za-z_][A-Za-z0-9_]*)"
_PLAIN = re.compile(
	rf"^\s*(?:(?:`tab[^`]+`|tab[A-Za-z0-9_]+)\.)?(?P<column>{_COLUMN})(?:\s+as\s+{_COLUMN})?\s*$",
	re.IGNORECASE,
)


def names_in(text: str) -> set[str]:
	"""Every name ``text`` may refer to, lower-cased."""
	names = {n.lower() for n in _QUOTED.findall(text)}
	names.update(w.lower() for w in _WORD.findall(_QUOTED.sub(" ", text)))
	return names


def plain_column(field: str) -> str | None:
	"""The column a select item names when it is only a column (maybe table-qualified or aliased)."""
	match = _PLAIN.match(field)
	return match["column"].strip("`").lower() if match else None


def mentions(text: str, names: set[str] | frozenset[str]) -> set[str]:
	"""Those of ``names`` (lower-case) that ``text`` mentions."""
	return names_in(text) & names if names else set()


def condition_names(condition: str) -> set[str] | None:
	"""The names a raw SQL condition uses outside its string literals, lower-cased; None when it holds
	anything that could hide a name from this reading (comments, escapes, double quotes, a ``;``)."""
	if any(mark in condition for mark in _HIDING):
		return None
	names = set()
	for token in _TOKEN.finditer(condition):
		name = token["quoted"] if token["quoted"] is not None else token["word"]
		if name:
			names.add(name.lower())
	return names
