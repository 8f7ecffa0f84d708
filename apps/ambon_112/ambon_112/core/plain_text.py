"""Plain text stays plain: markup typed, dialled or relayed into a text field never becomes a tag.

Frappe's desk shows plain-text fields as HTML in places the app cannot change (read-only fields,
list and report cells), and its save-time cleaner lets any value that parses as JSON through. So
the app's plain-text fields are cleaned on save (ambon_112/security/plain_text.py) by ``strip_markup``:

- a tag, comment or declaration (``<`` then a letter, ``/``, ``!`` or ``?``, up to ``>``) is
  removed, the text around it is kept: ``Api <b>besar</b>`` becomes ``Api besar``;
- a ``<`` that opens nothing stays as typed: ``a < b``, ``umur <5 tahun``, ``<= 3 km``;
- a ``<`` that would open a tag but is never closed gets a space after it (``a< b``), so no
  parser, and no markup a page adds after the value, can turn it into a tag;
- nothing is escaped: ``Jl. Sudirman & Pattimura`` is stored as typed. Entities in the database
  would show as ``&amp;`` in every export, e-mail and SMS; escaping is each page's job, at the
  place it prints the value (Jinja ``|e``, ``frappe.utils.escape_html``).

What is left is text: quotes and ``javascript:`` are ordinary characters there, harmless unless a
page prints them unescaped into an attribute, which escaping at the sink prevents.
"""

import re
from html import unescape

# What an HTML tokenizer reads as the start of a tag, a comment or a declaration.
OPENER = re.compile(r"<(?=[A-Za-z/!?])")
# An opener up to its ">": stopping at the next "<" keeps the scan linear and leaves
# "<a<b>" as "<a" (then neutralised) rather than swallowing text between two tags.
TAG = re.compile(r"<[A-Za-z/!?][^<>]*>")
BLOCK_BREAK = re.compile(r"<\s*(br|/p|/div|/li|/tr|/h[1-6])\b[^<>]*>", re.IGNORECASE)


def has_markup(value) -> bool:
	"""True when ``value`` holds anything an HTML parser would read as a tag, comment or declaration."""
	return isinstance(value, str) and bool(OPENER.search(value))


def strip_markup(value):
	"""``value`` without tags, its text kept; anything but a string is returned unchanged."""
	if not isinstance(value, str) or "<" not in value:
		return value
	return OPENER.sub("< ", TAG.sub("", value))


def html_to_text(value) -> str:
	"""The readable text of an HTML fragment (a desk comment): line breaks kept, entities decoded.

	The result is text to be escaped where it is printed, never HTML."""
	if not value:
		return ""
	text = strip_markup(BLOCK_BREAK.sub("\n", str(value)))
	return "\n".join(line.strip() for line in unescape(text).splitlines()).strip()
