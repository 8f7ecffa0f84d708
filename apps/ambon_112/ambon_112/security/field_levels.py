"""Fields above a user's permission level are never filtered, sorted or grouped by for that user.

Frappe 15 strips such fields from what a query *selects*
(``DatabaseQuery.apply_fieldlevel_read_permissions``), not from its filters, sort, grouping or
computed columns: a 112 Viewer (level 0 on Emergency Call) could count calls with
``caller_number like '0812%'`` and recover a caller's number in about 60 yes/no questions.

Every list, count, report, export, group-by count, link search, number card and chart of Frappe
runs through ``frappe.model.db_query.DatabaseQuery`` (``frappe.get_list``). Frappe offers no hook
there (``permission_query_conditions`` only adds a WHERE clause, it never sees the query), so
this module wraps two of its methods, once per process:

- ``build_conditions``: the selected expressions, the sort and the grouping;
- ``build_filter_conditions``: filters and or-filters (``get_filters_cond`` uses it too).

A plain selected column stays Frappe's business (it silently drops it); anything else naming a
field the user may not read is refused with a PermissionError (HTTP 403). So is a filter written
as raw SQL that names anything but the query's own columns: Frappe runs a string filter as it is
(``reportview.get_stats``, ``get_count``, charts and cards pass the client's filters on), which
made every table, ``__Auth`` included, a yes/no oracle. Queries that ignore
permissions (``frappe.get_all``, the app's own code) are untouched. The ``before_request`` and
``before_job`` hooks install the wrappers, so every web and background worker has them before it
runs a query for a user.
"""

import functools

import frappe
from frappe import _
from frappe.boot import get_additional_filters_from_hooks
from frappe.database.utils import DefaultOrderBy
from frappe.model import core_doctypes_list
from frappe.utils.data import get_filter, make_filter_tuple

from ambon_112.core.sql_names import condition_names, mentions, names_in, plain_column

_INSTALLED = "_ambon112_field_levels"
# What a raw SQL filter may use besides the query's columns (Frappe's own sidebar counts need these).
SQL_WORDS = frozenset({"and", "or", "not", "is", "null", "like", "in", "between", "ifnull", "true", "false"})


def restricted_fields(doctype: str, parenttype: str | None = None, user: str | None = None) -> dict:
	"""{lower-case fieldname: fieldname} of the fields of ``doctype`` at a level ``user`` may not read."""
	if doctype in core_doctypes_list:
		return {}  # Frappe applies no field levels to its core DocTypes (User, DocType, …) either
	meta = frappe.get_meta(doctype)
	high = meta.get_high_permlevel_fields()
	if not high or not meta.get_permissions(parenttype):
		return {}
	levels = set(meta.get_permlevel_access("read", parenttype, user=user))
	return {df.fieldname.lower(): df.fieldname for df in high if df.permlevel not in levels}


def refuse(doctype: str, fieldname: str):
	label = _(frappe.get_meta(doctype).get_label(fieldname))
	frappe.throw(
		_("You may not filter, sort or group {0} by {1}: you may not read that field.").format(
			_(doctype), label
		),
		frappe.PermissionError,
		title=_("Not Permitted"),
	)


def check_text(text: str, restricted: dict):
	"""Refuse ``text`` (SQL of a sort, grouping, expression or raw filter) if it names a restricted field."""
	if restricted and (named := mentions(text, frozenset(restricted))):
		doctype, fieldname = restricted[sorted(named)[0]]
		refuse(doctype, fieldname)


def check_filters(doctype: str, filters, user: str | None = None, parenttype: str | None = None):
	"""Refuse ``filters`` (any form Frappe accepts) on fields of ``doctype`` that ``user`` may not read."""
	check_query_filters(_Query(doctype, user, parenttype), filters)


def check_query_filters(query, filters):
	if not filters:
		return
	if isinstance(filters, dict):
		filters = [make_filter_tuple(query.doctype, key, value) for key, value in filters.items()]
	config = get_additional_filters_from_hooks()
	for f in filters:
		if isinstance(f, str):
			check_condition(query, f)
			continue
		f = get_filter(query.doctype, f, config)
		parenttype = query.parent_doctype if f.doctype == query.doctype else query.doctype
		restricted = _tagged(f.doctype, restricted_fields(f.doctype, parenttype, query.user))
		if names_in(f.fieldname) != {f.fieldname.lower()}:
			restricted = {**joined_restrictions(query), **restricted}  # e.g. ifnull(`tabX`.`y`, '')
		check_text(f.fieldname, restricted)


def check_condition(query, condition: str):
	"""A filter given as raw SQL: only the query's own columns, literals and a few SQL words."""
	names = condition_names(condition)
	if names is None or names - SQL_WORDS - joined_names(query):
		frappe.throw(
			_("A filter is a field, an operator and a value: a condition written in SQL is not accepted."),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)
	check_text(condition, joined_restrictions(query))


def check_query_shape(query):
	"""Computed columns, sort and grouping of ``query`` must not name a field the user may not read."""
	restricted = joined_restrictions(query)
	if not restricted:
		return
	for field in query.fields or ():
		if isinstance(field, str) and not plain_column(field):
			check_text(field, restricted)
	if isinstance(query.order_by, str) and query.order_by != DefaultOrderBy:
		check_text(query.order_by, restricted)
	if isinstance(query.group_by, str):
		check_text(query.group_by, restricted)


def joined_restrictions(query) -> dict:
	"""{lower-case fieldname: (doctype, fieldname)} over the query's DocType and its joined tables."""
	found = {}
	for doctype, parenttype in _joined(query):
		for low, pair in _tagged(doctype, restricted_fields(doctype, parenttype, query.user)).items():
			found.setdefault(low, pair)
	return found


def joined_names(query) -> set[str]:
	"""The lower-case names of the query's tables and of their columns."""
	names = {alias.strip("`").lower() for alias in getattr(query, "linked_table_aliases", {})}
	for doctype, _parenttype in _joined(query):
		names.add(f"tab{doctype}".lower())
		names.update(column.lower() for column in frappe.db.get_table_columns(doctype))
	return names


def _joined(query) -> list[tuple[str, str | None]]:
	joined = [(query.doctype, query.parent_doctype)]
	joined += [(table[4:-1], query.doctype) for table in getattr(query, "tables", [])[1:]]
	joined += [(link.doctype, None) for link in getattr(query, "link_tables", [])]
	return joined


def _tagged(doctype: str, restricted: dict) -> dict:
	return {low: (doctype, fieldname) for low, fieldname in restricted.items()}


class _Query:
	"""The few attributes of a DatabaseQuery the checks read, for callers outside a query."""

	def __init__(self, doctype, user=None, parent_doctype=None):
		self.doctype, self.user, self.parent_doctype = doctype, user or frappe.session.user, parent_doctype
		self.tables, self.link_tables, self.fields = [f"`tab{doctype}`"], [], []
		self.order_by = self.group_by = None


# ---------------------------------------------------------------- the wrappers


def install():
	"""Wrap DatabaseQuery once per process (ambon_112.security.install)."""
	# Wrapped in place: Frappe has no hook inside DatabaseQuery (see the module's docstring).
	from frappe.model.db_query import DatabaseQuery  # nosemgrep: frappe-monkey-patching-not-allowed

	if getattr(DatabaseQuery, _INSTALLED, False):
		return
	build_conditions = DatabaseQuery.build_conditions
	build_filter_conditions = DatabaseQuery.build_filter_conditions

	@functools.wraps(build_conditions)
	def checked_build_conditions(self):
		if not self.flags.ignore_permissions:
			_ensure_attributes(self)
			check_query_shape(self)
		return build_conditions(self)

	@functools.wraps(build_filter_conditions)
	def checked_build_filter_conditions(self, filters, conditions, ignore_permissions=None):
		ignore = self.flags.ignore_permissions if ignore_permissions is None else ignore_permissions
		if not ignore:
			_ensure_attributes(self)
			check_query_filters(self, filters)
		return build_filter_conditions(self, filters, conditions, ignore_permissions)

	DatabaseQuery.build_conditions = checked_build_conditions
	DatabaseQuery.build_filter_conditions = checked_build_filter_conditions
	setattr(DatabaseQuery, _INSTALLED, True)


def _ensure_attributes(query):
	# get_filters_cond builds a bare DatabaseQuery without running execute(), which sets these.
	for attribute in ("parent_doctype", "order_by", "group_by", "fields"):
		if not hasattr(query, attribute):
			setattr(query, attribute, None)
