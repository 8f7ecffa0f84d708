"""The change history (Version) of a document, without the fields its reader may not read.

Frappe sends the form its last Versions (``frappe.desk.form.load.get_docinfo``, used by
``getdoc``, ``get_docinfo`` and after every save) with ``frappe.get_all``: the old and new value
of every changed field, whatever its permission level, so a 112 Viewer read callers' names in the
timeline of a call. Frappe has no hook to filter docinfo; the three share one module function,
``load.get_versions``, which ``install`` replaces once per process (hooks.py ``before_request`` /
``before_job``) by one that drops, from each Version, the changes to fields above the reader's
levels (and a Version left with no change at all). The Version DocType itself is readable only by
System Manager and Administrator.

Frappe's *Document Follow* digest e-mails the same Versions, unfiltered, to whoever follows a
document: following a DocType with fields above the follower's level is refused (doc_events).
"""

import json

import frappe
from frappe import _

from ambon_112.security.field_levels import restricted_fields

CHANGE_LISTS = ("changed", "added", "removed", "row_changed")


def install():
	# Swapped in place: Frappe has no hook to filter docinfo (see the module's docstring).
	from frappe.desk.form import load  # nosemgrep: frappe-monkey-patching-not-allowed

	if getattr(load.get_versions, "_ambon112", False):
		return
	frappe_get_versions = load.get_versions

	def get_versions(doc) -> list[dict]:
		return readable_versions(doc.doctype, frappe_get_versions(doc))

	get_versions._ambon112 = True
	load.get_versions = get_versions


def readable_versions(doctype: str, versions: list, user: str | None = None) -> list:
	"""``versions`` (rows with ``data``) with the changes ``user`` may not read taken out."""
	hidden = hidden_fields(doctype, user)
	if not any(hidden.values()):
		return versions
	readable = []
	for version in versions:
		data = json.loads(version.data or "{}")
		if not any(data.get(key) for key in CHANGE_LISTS):
			readable.append(version)  # e.g. a record of its creation: no field values
			continue
		data = strip_changes(data, hidden)
		if any(data.get(key) for key in CHANGE_LISTS):
			version.data = frappe.as_json(data, indent=None, separators=(",", ":"))
			readable.append(version)
	return readable


def hidden_fields(doctype: str, user: str | None = None) -> dict:
	"""{None: the DocType's hidden fieldnames, table fieldname: the hidden fieldnames of its rows}."""
	hidden = {None: set(restricted_fields(doctype, user=user).values())}
	for df in frappe.get_meta(doctype).get_table_fields():
		hidden[df.fieldname] = set(restricted_fields(df.options, doctype, user=user).values())
	return hidden


def strip_changes(data: dict, hidden: dict) -> dict:
	"""A Version's ``data`` without changes to hidden fields (the format of frappe's ``get_diff``)."""
	own = hidden[None]
	data["changed"] = [c for c in data.get("changed") or [] if c[0] not in own]
	for key in ("added", "removed"):
		data[key] = [
			[table, {k: v for k, v in row.items() if k not in hidden.get(table, ())}]
			for table, row in data.get(key) or []
			if table not in own
		]
	data["row_changed"] = [
		[table, index, row, kept]
		for table, index, row, changes in data.get("row_changed") or []
		if table not in own and (kept := [c for c in changes if c[0] not in hidden.get(table, ())])
	]
	return data


def refuse_following(doc, method=None):
	"""Document Follow, before insert: no digest of changes to fields the follower may not read."""
	if restricted_fields(doc.ref_doctype, user=doc.user):
		frappe.throw(
			_("You may not follow {0}: its history holds fields you may not read.").format(
				_(doc.ref_doctype)
			),
			frappe.PermissionError,
		)
