"""Agencies never hear of a drill, nor see it, unless its trainer included them."""

import frappe


def agencies_may_hear(dispatch) -> bool:
	"""False for a drill dispatch whose session did not tick Notify Agencies; read from the database."""
	if not frappe.db.get_value("Incident", dispatch.incident, "is_exercise"):
		return True
	calls = frappe.get_all("Emergency Call", filters={"incident": dispatch.incident}, pluck="name")
	if not calls:
		return False
	sessions = frappe.get_all(
		"Exercise Result", filters={"call": ("in", calls), "parenttype": "Exercise Session"}, pluck="parent"
	)
	return bool(
		sessions and frappe.db.exists("Exercise Session", {"name": ("in", sessions), "notify_agencies": 1})
	)


def hidden_from_agencies(dispatch) -> bool:
	"""The value of Dispatch.hidden_from_agencies, set once when the dispatch is created: the agency's
	portal, lists and rooms (ambon_112.permissions) and its notifications (dispatch/notify.py) follow it."""
	return not agencies_may_hear(dispatch)
