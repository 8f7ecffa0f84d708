"""Markup out of every plain-text field of the app's DocTypes, on every save (doc_events "*").

Frappe's own cleaner (``sanitize_html``, run after this) returns any value that parses as JSON
untouched, and the desk prints plain-text fields as HTML in read-only fields and list cells, so
the app cleans them itself: tags are removed, the text is kept (see core/plain_text.py for why not
escaped). Frappe calls ``before_validate`` for every insert and save whatever their flags
(``ignore_validate`` included), so REST, the desk, the portal, the PBX and AML endpoints and data
import all pass through it, child rows too; ``before_save`` cleans again what the controllers
derived from the text meanwhile (a phone number without its spaces may close up into a tag). New
fields are covered by their type. Text that must be kept exactly as received (the raw AML
message) lives in a read-only ``Code`` field, which is not cleaned and which the desk always shows
escaped.

Two places outside the app's fields show the same text through Frappe's own HTML:
- a record's name, which Frappe prints unescaped inside double-quoted attributes (list and link
  cells): names made from a field of an app DocType are refused a double quote or a backtick;
- the name of a file attached to an app record, printed raw in the form's attachment list.
"""

import frappe
from frappe import _

from ambon_112.core.plain_text import has_markup, strip_markup
from ambon_112.exceptions import InvalidNameError

APP = "ambon_112"
# Field types whose value is text a person or a device typed. Not: Code (kept verbatim, shown
# escaped), JSON / Geolocation (data), HTML (a layout block), Link / Select (validated by Frappe).
PLAIN_TEXT_FIELDTYPES = ("Data", "Small Text", "Text", "Long Text", "Phone", "Autocomplete", "Read Only")
# Frappe refuses "<" and ">" in names itself.
NOT_IN_NAMES = ('"', "`")


def is_app_doctype(doctype: str | None) -> bool:
	if not doctype:
		return False
	module = frappe.get_meta(doctype).module
	return bool(module) and (frappe.local.module_app or {}).get(frappe.scrub(module)) == APP


def plain_text_fields(doctype: str) -> list[str]:
	return [df.fieldname for df in frappe.get_meta(doctype).fields if df.fieldtype in PLAIN_TEXT_FIELDTYPES]


def strip_markup_from_text_fields(doc, method=None):
	"""doc_events "*": before_naming, before_validate and before_save."""
	if doc.doctype == "File":
		if is_app_doctype(doc.attached_to_doctype) and has_markup(doc.file_name):
			doc.file_name = strip_markup(doc.file_name)
		return
	if not is_app_doctype(doc.doctype):
		return
	for row in (doc, *doc.get_all_children()):
		for fieldname in plain_text_fields(row.doctype):
			value = row.get(fieldname)
			if has_markup(value):
				row.set(fieldname, strip_markup(value))


def check_name_characters(doc, method=None):
	"""doc_events "*": before_naming. The field a record is named after must be safe as a name."""
	if not is_app_doctype(doc.doctype):
		return
	autoname = doc.meta.autoname or ""
	if not autoname.startswith("field:"):
		return
	fieldname = autoname.removeprefix("field:").strip()
	value = doc.get(fieldname) or ""
	if any(c in value for c in NOT_IN_NAMES):
		frappe.throw(
			_("{0} names a record and may not contain {1}.").format(
				_(doc.meta.get_label(fieldname)), " ".join(NOT_IN_NAMES)
			),
			InvalidNameError,
			title=_("Invalid Name"),
		)
