"""Agency scoping: one rule per DocType, used by both list queries and single documents.

An *agency user* (Agency Staff without any 112-centre role) sees only the work of the
agencies they are a member of. ``condition()`` builds the SQL once; ``has_permission``
asks the database whether the document satisfies that very condition, so lists, reports,
link search and form loads can never disagree. The columns it filters are indexed.
"""

import frappe

from ambon_112.roles import AGENCY_STAFF, CENTRE_ROLES

MEMBERSHIP_CACHE_KEY = "ambon112:agencies_of_user"

# For each scoped DocType, the SQL (with {agencies}) that admits a row of `tab<DocType>`.
SCOPES = {
	"Dispatch": "`tabDispatch`.`agency` in ({agencies})",
	"Emergency Unit": "`tabEmergency Unit`.`agency` in ({agencies})",
	"Agency": "`tabAgency`.`name` in ({agencies})",
	"Incident": (
		"exists (select 1 from `tabDispatch` scope_dispatch"
		" where scope_dispatch.`incident` = `tabIncident`.`name` and scope_dispatch.`agency` in ({agencies}))"
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


def condition(doctype: str, user: str | None = None) -> str:
	"""The WHERE fragment limiting ``doctype`` for ``user``; empty when the user is not scoped."""
	user = user or frappe.session.user
	if user == "Administrator" or not is_agency_user(user):
		return ""
	agencies = agencies_of(user)
	if not agencies:
		return "1=0"
	return SCOPES[doctype].format(agencies=", ".join(frappe.db.escape(a) for a in agencies))


def allows(doc, user: str | None = None) -> bool:
	cond = condition(doc.doctype, user)
	if not cond:
		return True
	if not doc.name or doc.is_new():
		return False  # agency users create nothing in these DocTypes
	table = f"`tab{doc.doctype}`"
	return bool(frappe.db.sql(f"select 1 from {table} where {table}.`name` = %s and {cond}", doc.name))


# Hooks: permission_query_conditions
def dispatch_query(user=None):
	return condition("Dispatch", user)


def incident_query(user=None):
	return condition("Incident", user)


def unit_query(user=None):
	return condition("Emergency Unit", user)


def agency_query(user=None):
	return condition("Agency", user)


# Hooks: has_permission (None leaves the decision to role permissions)
def has_permission(doc, ptype=None, user=None):
	if not allows(doc, user):
		return False
	return None
