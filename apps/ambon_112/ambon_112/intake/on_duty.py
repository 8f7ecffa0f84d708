"""Who answers: the PBX's agent as a desk user, and the operators on duty.

*On duty* means: signed in at an Operator Position with its On Duty box ticked (operators do it
at the start of a shift from the position's form; a supervisor may do it for them). When nobody
is on duty the call still pops up: then every enabled user with the 112 Operator role gets it,
because a call at 03:00 must never ring into an empty room unseen.
"""

import frappe

from ambon_112.core.telephony import ANSWERED, RINGING, TRANSFERRED
from ambon_112.roles import OPERATOR, SUPERVISOR

POSITION = "Operator Position"
DESK_ROLES = (OPERATOR, SUPERVISOR)


def user_for_agent(agent: str | None) -> str | None:
	"""The desk user the PBX means: a position's extension, else a user id of an operator."""
	if not agent:
		return None
	operator = frappe.db.get_value(POSITION, {"extension": agent}, "operator")
	if operator and _enabled(operator):
		return operator
	if frappe.db.exists("User", agent) and _enabled(agent) and set(frappe.get_roles(agent)) & set(DESK_ROLES):
		return agent
	return None


def on_duty_operators() -> list[str]:
	users = frappe.get_all(
		POSITION, filters={"on_duty": 1, "operator": ("is", "set")}, pluck="operator", order_by="operator"
	)
	users = [u for u in dict.fromkeys(users) if _enabled(u)]
	return users or every_operator()


def every_operator() -> list[str]:
	has_role = frappe.qb.DocType("Has Role")
	user = frappe.qb.DocType("User")
	return (
		frappe.qb.from_(user)
		.join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.select(user.name)
		.distinct()
		.where(
			(has_role.role == OPERATOR) & (user.enabled == 1) & user.name.notin(["Administrator", "Guest"])
		)
		.orderby(user.name)
		.run(pluck=True)
	)


def recipients(event_kind: str, agent: str | None) -> list[str]:
	"""Whom a call event pops up for: the named agent, else (ringing or answered) everyone on duty."""
	named = user_for_agent(agent)
	if named and event_kind in (RINGING, ANSWERED, TRANSFERRED):
		return [named]
	if event_kind in (RINGING, ANSWERED):
		return on_duty_operators()
	return []


def _enabled(user: str) -> bool:
	return bool(frappe.db.get_value("User", user, "enabled"))


def start_duty(position: str, user: str):
	"""Sign ``user`` in at a position (taking it over from whoever was there) and out of any other."""
	for other in frappe.get_all(
		POSITION, filters={"operator": user, "on_duty": 1, "name": ("!=", position)}, pluck="name"
	):
		end = frappe.get_doc(POSITION, other)
		end.on_duty = 0
		end.save()
	doc = frappe.get_doc(POSITION, position)
	doc.operator, doc.on_duty = user, 1
	doc.save()
	return doc


def end_duty(user: str) -> list[str]:
	ended = frappe.get_all(POSITION, filters={"operator": user, "on_duty": 1}, pluck="name")
	for name in ended:
		doc = frappe.get_doc(POSITION, name)
		doc.on_duty = 0
		doc.save()
	return ended
