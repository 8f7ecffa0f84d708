"""Round-the-clock operations endpoints: the desk's console badge and heartbeat, the roster's bulk
assignment, the handover's acknowledgement (logic in ambon_112/operations/)."""

import frappe
from frappe import _

from ambon_112.core.shifts import HEARTBEAT_SECONDS, LOST_AFTER_SECONDS
from ambon_112.operations import console, handover, roster
from ambon_112.roles import OPERATOR, SUPERVISOR


def _require_desk_role():
	if not {OPERATOR, SUPERVISOR} & set(frappe.get_roles()):
		frappe.throw(_("Only operators and supervisors sign on at a console."), frappe.PermissionError)


@frappe.whitelist(methods=["POST"])
def heartbeat() -> dict:
	"""The desk is open (every 15 s): keeps this user's console live."""
	_require_desk_role()
	return console.heartbeat(frappe.session.user)


@frappe.whitelist(methods=["GET"])
def my_console() -> dict:
	"""For the desk's badge: the user's sign-on, else the position the roster gives them now."""
	_require_desk_role()
	user, now = frappe.session.user, frappe.utils.now_datetime()
	signed_on = frappe.db.get_value(
		"Operator Position", {"operator": user, "on_duty": 1}, ["name", "position_name"], as_dict=True
	)
	assigned = roster.assignment_of(user, now)
	return {
		"signed_on": bool(signed_on),
		"position": signed_on.name if signed_on else None,
		"rostered_position": assigned.position if assigned else None,
		"heartbeat_seconds": HEARTBEAT_SECONDS,
		"lost_after_seconds": LOST_AFTER_SECONDS,
	}


@frappe.whitelist(methods=["POST"])
def assign_pattern(user, from_date, to_date, pattern, position=None, role_in_shift="Operator") -> list:
	"""Roster a pattern of shift types (a JSON list; null for a day off) over a date range."""
	frappe.has_permission("Roster Assignment", "create", throw=True)
	pattern = frappe.parse_json(pattern) if isinstance(pattern, str) else pattern
	return roster.assign_pattern(user, from_date, to_date, list(pattern), position or None, role_in_shift)


@frappe.whitelist(methods=["POST"])
def acknowledge_handover(handover_name: str) -> dict:
	return handover.acknowledge(handover_name, frappe.session.user)
