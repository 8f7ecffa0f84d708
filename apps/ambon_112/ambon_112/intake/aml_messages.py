"""What the operator reads about an AML report: its warnings and why a position was refused.

The core gives stable codes with plain values; the texts are translated here, in the site's
language (the report arrives from a machine, not from a person with a language of their own).
"""

import re

import frappe
from frappe import _

from ambon_112.core import aml as core

# Values quoted from the message: only what reads as data. Frappe would otherwise rewrite markup
# in the stored text (its sanitizer), and the operator needs the oddity, not the sender's HTML.
_UNSHOWN = re.compile(r"[^\w .,:;+\-=/#@%]")


def shown(value) -> str:
	return _UNSHOWN.sub("?", str(value if value is not None else ""))[:60]


def site_language() -> str:
	return frappe.db.get_single_value("System Settings", "language") or "en"


def warning_text(code: str, params: dict, lang: str | None = None) -> str:
	lang = lang or site_language()
	params = {k: shown(v) for k, v in params.items()}
	value = params.get("value", "")
	texts = {
		core.LENGTH_MISSING: lambda: _("The message gives no readable length (ml).", lang=lang),
		core.LENGTH_MISMATCH: lambda: _(
			"The message says it is {0} characters long but is {1}.", lang=lang
		).format(params.get("declared"), params.get("actual")),
		core.METHOD_UNKNOWN: lambda: _("Unknown positioning method {0}.", lang=lang).format(value),
		core.TIME_UNREADABLE: lambda: _(
			"The time of positioning {0} cannot be read; the time received counts.", lang=lang
		).format(value),
		core.TIME_IN_FUTURE: lambda: _(
			"The time of positioning {0} lies in the future; the time received counts.", lang=lang
		).format(value),
		core.KEY_UNKNOWN: lambda: _("Unknown keys, ignored: {0}.", lang=lang).format(params.get("keys")),
		core.KEY_REPEATED: lambda: _("Keys sent twice with the same value: {0}.", lang=lang).format(
			params.get("keys")
		),
		core.KEY_ORDER: lambda: _("The keys are not in the order of the specification.", lang=lang),
		core.VALUE_CONFLICT: lambda: _(
			"Keys sent twice with different values, ignored: {0}.", lang=lang
		).format(params.get("keys")),
		core.VALUE_UNREADABLE: lambda: _(
			"The value {0} of {1} cannot be read; it is ignored.", lang=lang
		).format(value, params.get("field")),
		core.HEADER_VARIANT: lambda: _(
			"The header or a key is spelled differently from the specification: {0}.", lang=lang
		).format(value),
		core.HEADER_MISSING: lambda: _("The message has no AML header.", lang=lang),
		core.VERSION_UNKNOWN: lambda: _("Unknown AML version {0}; read as version 1.", lang=lang).format(
			value
		),
		core.WHITESPACE: lambda: _(
			"Spaces or line breaks (added by the SMS gateway) were removed.", lang=lang
		),
		core.PACKED_7BIT: lambda: _(
			"The message arrived as a 7-bit packed data SMS and was decoded.", lang=lang
		),
	}
	return texts[code]() if code in texts else code


def refusal_text(error: core.AmlError, lang: str | None = None) -> str:
	"""Why no position was taken from a report (its raw text is kept all the same)."""
	lang = lang or site_language()
	params = {k: v if isinstance(v, core.AmlWarning) else shown(v) for k, v in error.params.items()}
	reason = params.get("reason")
	field = params.get("field", "")
	texts = {
		"missing": lambda: _("No position: {0} missing.", lang=lang).format(field),
		"number": lambda: _("No position: {0} cannot be read ({1}).", lang=lang).format(
			field, params.get("value")
		),
		"range": lambda: _("No position: the coordinates {0}, {1} are out of range.", lang=lang).format(
			params.get("latitude"), params.get("longitude")
		),
		"contradiction": lambda: _("No position: {0} sent twice with different values.", lang=lang).format(
			field
		),
		"too_long": lambda: _("The message is too long to be AML ({0} characters).", lang=lang).format(
			params.get("length")
		),
		"header": lambda: _("Not an AML report.", lang=lang),
		"type": lambda: _("Not an AML report.", lang=lang),
	}
	if reason in texts:
		return texts[reason]()
	if isinstance(params.get("warning"), core.AmlWarning):  # strict mode refused an oddity
		odd = params["warning"]
		return _("Refused in strict mode: {0}", lang=lang).format(warning_text(odd.code, odd.params, lang))
	return str(error)
