"""Agency scoping: one rule per DocType, used by both list queries and single documents.

An *agency user* (Agency Staff without any 112-centre role) sees only the work of the
agencies they are a member of. ``condition()`` builds the SQL once; ``has_permission``
asks the database whether the document satisfies that very condition, so lists, reports,
link search and form loads can never disagree. The columns it filters are indexed.

Rows of child tables follow their parent document: Frappe checks only read permission on the
parent *DocType* when a child table is listed (``frappe.client.get_list(child, parent=…)``,
``/api/resource/<child>``), so each child DocType of a scoped parent carries a condition derived
from its parent's (``child_condition``).
"""

import frappe
from frappe import _
from frappe.model import table_fields

from ambon_112.roles import AGENCY_STAFF, CENTRE_ROLES

MEMBERSHIP_CACHE_KEY = "ambon112:agencies_of_user"

# For each scoped DocType, the SQL (with {agencies}) that admits a row of `tab<DocType>`. Columns are
# always written `tab<DocType>`.`column` (no aliases): a test checks that each one is indexed.
# A drill's dispatch whose session did not include the agencies (`hidden_from_agencies`, stored at its
# creation) is outside every agency's scope, and so is the incident it alone would open.
SCOPES = {
	"Dispatch": "(`tabDispatch`.`agency` in ({agencies}) and `tabDispatch`.`hidden_from_agencies` = 0)",
	"Emergency Unit": "`tabEmergency Unit`.`agency` in ({agencies})",
	"Agency": "`tabAgency`.`name` in ({agencies})",
	# An agency reads an incident while one of its dispatches to it stands. A dispatch the centre
	# cancelled (an agency sent by mistake) no longer opens the incident: the agency keeps only that
	# dispatch record, which tells it the centre cancelled it.
	"Incident": (
		"`tabIncident`.`name` in (select `tabDispatch`.`incident` from `tabDispatch`"
		" where `tabDispatch`.`agency` in ({agencies}) and `tabDispatch`.`status` != 'Cancelled'"
		" and `tabDispatch`.`hidden_from_agencies` = 0)"
	),
}


def agencies_of(user: str) -> list[str]:
	"""The agencies a user is a member of (cached; cleared when an Agency is saved)."""
	return frappe.cache.hget(
		MEMBERSHIP_CACHE_KEY,
		user,
		lambda: frappe.get_all(
			"Agency Member", filters={"user": user, "parenttype": "Agency"}, pluck="parent", order_by="parent"
		),
	)


def clear_agency_membership_cache():
	frappe.cache.delete_value(MEMBERSHIP_CACHE_KEY)


def is_agency_user(user: str) -> bool:
	roles = set(frappe.get_roles(user))
	return AGENCY_STAFF in roles and not roles & CENTRE_ROLES


def is_scoped(user: str | None = None) -> bool:
	"""True for a user limited to their agencies' records."""
	user = user or frappe.session.user
	return user != "Administrator" and is_agency_user(user)


def scoped_doctypes() -> set[str]:
	"""The scoped DocTypes and every child DocType of theirs (from the metadata)."""
	return set(SCOPES) | {child for parent in SCOPES for child in children_of(parent)}


def children_of(parent: str) -> list[str]:
	return [df.options for df in frappe.get_meta(parent).get_table_fields()]


def parents_of(child: str) -> list[str]:
	"""Every DocType with a table of ``child`` (standard or custom field)."""
	kinds = ("in", list(table_fields))
	standard = frappe.get_all(
		"DocField", filters={"parenttype": "DocType", "options": child, "fieldtype": kinds}, pluck="parent"
	)
	custom = frappe.get_all("Custom Field", filters={"options": child, "fieldtype": kinds}, pluck="dt")
	return sorted(set(standard) | set(custom))


def condition(doctype: str, user: str | None = None) -> str:
	"""The WHERE fragment limiting ``doctype`` for ``user``; empty when the user is not scoped."""
	user = user or frappe.session.user
	if not is_scoped(user):
		return ""
	if doctype not in SCOPES:
		return child_condition(doctype, user)
	agencies = agencies_of(user)
	if not agencies:
		return "1=0"
	return SCOPES[doctype].format(agencies=", ".join(frappe.db.escape(a) for a in agencies))


def child_condition(child: str, user: str) -> str:
	"""A child row is visible when its parent is: a row of a scoped parent within that parent's scope,
	a row of any other parent only when the user may read that DocType (Frappe checked only the
	parent DocType the request named, and a child table may serve several)."""
	table = f"`tab{child}`"
	admitted = []
	for parent in parents_of(child):
		kind = f"{table}.`parenttype` = {frappe.db.escape(parent)}"
		if parent in SCOPES:
			parents = f"select `tab{parent}`.`name` from `tab{parent}` where {condition(parent, user)}"
			admitted.append(f"({kind} and {table}.`parent` in ({parents}))")
		elif frappe.has_permission(parent, "read", user=user):
			admitted.append(f"({kind})")
	return f"({' or '.join(admitted)})" if admitted else "1=0"


def allows(doc, user: str | None = None) -> bool:
	cond = condition(doc.doctype, user)
	if not cond:
		return True
	if not doc.name or doc.is_new():
		return False  # agency users create nothing in these DocTypes
	return visible(doc.doctype, doc.name, user)


def visible(doctype: str, name: str, user: str | None = None) -> bool:
	"""Whether the record exists and the user's scope admits it (for an unscoped user: it exists)."""
	table = f"`tab{doctype}`"
	cond = condition(doctype, user) or "1=1"
	# Raw SQL: the scope is the SQL condition permission_query_conditions gives lists (one rule for both).
	query = f"select 1 from {table} where {table}.`name` = %s and {cond}"
	return bool(frappe.db.sql(query, name))  # nosemgrep: frappe-using-db-sql


def require_visible(doctype: str, name: str, user: str | None = None):
	"""Refuse a scoped user a record outside the scope and a missing one alike (403), so that no
	answer tells whether another agency's record exists. Others pass: Frappe answers them as usual."""
	if is_scoped(user) and doctype in scoped_doctypes() and not (name and visible(doctype, name, user)):
		frappe.throw(_("Not permitted"), frappe.PermissionError)


# Hook: permission_query_conditions (Frappe passes the DocType being listed)
def query_condition(user=None, doctype=None):
	return condition(doctype, user)


# Hook: has_permission (None leaves the decision to role permissions)
def has_permission(doc, ptype=None, user=None):
	if not allows(doc, user):
		return False
	return None
