"""Operators see their own roster and their own swap requests; supervisors and administrators all.

One condition per DocType, for lists (permission_query_conditions) and single documents
(has_permission) alike, on indexed columns (user, requested_by, replacement)."""

import frappe

from ambon_112.roles import ADMINISTRATOR, SUPERVISOR, VIEWER

SEES_ALL = frozenset({SUPERVISOR, ADMINISTRATOR, VIEWER, "System Manager"})
OWN_COLUMNS = {"Roster Assignment": ("user",), "Shift Swap Request": ("requested_by", "replacement")}


def _sees_all(user: str) -> bool:
	return user == "Administrator" or bool(SEES_ALL & set(frappe.get_roles(user)))


def query_condition(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	if _sees_all(user):
		return ""
	table = f"`tab{doctype}`"
	escaped = frappe.db.escape(user)
	return "(" + " or ".join(f"{table}.`{c}` = {escaped}" for c in OWN_COLUMNS[doctype]) + ")"


def has_permission(doc, ptype: str | None = None, user: str | None = None, debug=False) -> bool | None:
	"""False outside the user's own rows; None leaves the decision to the role permissions."""
	user = user or frappe.session.user
	if _sees_all(user) or doc.is_new() or any(doc.get(c) == user for c in OWN_COLUMNS[doc.doctype]):
		return None
	return False


def assignment_query(user=None, doctype=None):
	return query_condition(user, "Roster Assignment")


def swap_query(user=None, doctype=None):
	return query_condition(user, "Shift Swap Request")
