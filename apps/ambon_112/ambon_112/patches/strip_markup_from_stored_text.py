"""Text saved before the app cleaned markup on save (ambon_112/security/plain_text.py) is cleaned the same way.

Only rows holding a "<" are read; each changed value is written back without touching ``modified``:
the text was not edited, only made safe to show. The raw AML message (a Code field) is left as it is.
"""

import frappe

from ambon_112.core.plain_text import has_markup, strip_markup
from ambon_112.security.plain_text import APP, plain_text_fields


def execute():
	modules = frappe.get_all("Module Def", filters={"app_name": APP}, pluck="name")
	for doctype in frappe.get_all(
		"DocType", filters={"module": ("in", modules), "issingle": 0}, pluck="name"
	):
		clean_doctype(doctype)


def clean_doctype(doctype: str):
	fields = [f for f in plain_text_fields(doctype) if frappe.db.has_column(doctype, f)]
	if not fields:
		return
	table = frappe.qb.DocType(doctype)
	condition = None
	for field in fields:
		like = table[field].like("%<%")
		condition = like if condition is None else condition | like
	rows = (
		frappe.qb.from_(table)
		.select(table.name, *[table[f] for f in fields])
		.where(condition)
		.run(as_dict=True)
	)
	for row in rows:
		changes = {f: strip_markup(row[f]) for f in fields if has_markup(row[f])}
		if changes:
			frappe.db.set_value(doctype, row.name, changes, update_modified=False)
