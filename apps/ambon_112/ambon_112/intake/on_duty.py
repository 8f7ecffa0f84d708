"""Who answers: the PBX's agent as a desk user, and the operators on duty.

*On duty* means: signed in at an Operator Position with its On Duty box ticked (operators do it
at the start of a shift from the position's form; a supervisor may do it for them). When nobody
is on duty the call still pops up: then every enabled user with the 112 Operator role gets it,
because a call at 03:00 must never ring into an empty room unseen.

The roster is read on every call event, so it is cached and cleared whenever a position or a
user changes (or a transaction that changed one is rolled back).

*Live* consoles come first: a signed-on position whose desk sent a heartbeat within the last 45 s
(operations/console.py). They are read from the database on every call, never cached: a pop-up
must not go to a browser that closed a minute ago. Only when no console is live (the heartbeat
itself failing) does the call go to everyone on duty, and then to every operator.
"""

import frappe

from ambon_112.core.shifts import live_since
from ambon_112.core.telephony import ANSWERED, RINGING, TRANSFERRED
from ambon_112.intake.cache import cached, clear
from ambon_112.roles import OPERATOR, SUPERVISOR

POSITION = "Operator Position"
DESK_ROLES = (OPERATOR, SUPERVISOR)
ROSTER_CACHE_KEY = "ambon112:duty_roster"


def roster() -> dict:
	"""Extensions to users, who is on duty, who answers calls at all; enabled users only."""

	def load():
		answering = _enabled_users_with_roles(DESK_ROLES)
		operators = _enabled_users_with_roles((OPERATOR,))
		positions = frappe.get_all(POSITION, fields=["extension", "operator", "on_duty"], order_by="name")
		return {
			"extensions": {
				p.extension: p.operator for p in positions if p.extension and p.operator in answering
			},
			"on_duty": sorted({p.operator for p in positions if p.on_duty and p.operator in answering}),
			"answering": sorted(answering),
			"operators": sorted(operators),
		}

	return cached(ROSTER_CACHE_KEY, load)


def clear_roster(*args, **kwargs):
	clear(ROSTER_CACHE_KEY)


def user_for_agent(agent: str | None) -> str | None:
	"""The desk user the PBX means: a position's extension, else the user id of an operator."""
	if not agent:
		return None
	current = roster()
	return current["extensions"].get(agent) or (agent if agent in current["answering"] else None)


def position_for_agent(agent: str | None, user: str) -> str | None:
	"""The console that took a call: the position of the PBX's extension, else the user's sign-on."""
	return (agent and frappe.db.get_value(POSITION, {"extension": agent}, "name")) or frappe.db.get_value(
		POSITION, {"operator": user, "on_duty": 1}, "name"
	)


def on_duty_operators() -> list[str]:
	current = roster()
	return live_operators(current["answering"]) or current["on_duty"] or current["operators"]


def live_operators(answering) -> list[str]:
	"""Users signed on at a console whose heartbeat is fresh (operations/console.py keeps it)."""
	live = frappe.get_all(
		POSITION,
		filters={"on_duty": 1, "last_heartbeat": (">=", live_since(frappe.utils.now_datetime()))},
		pluck="operator",
	)
	allowed = set(answering)
	return sorted({user for user in live if user in allowed})


def recipients(event_kind: str, agent: str | None) -> list[str]:
	"""Whom a call event pops up for: the named agent, else (ringing or answered) everyone on duty."""
	named = user_for_agent(agent)
	if named and event_kind in (RINGING, ANSWERED, TRANSFERRED):
		return [named]
	if event_kind in (RINGING, ANSWERED):
		return on_duty_operators()
	return []


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


def _enabled_users_with_roles(roles) -> set[str]:
	has_role, user = frappe.qb.DocType("Has Role"), frappe.qb.DocType("User")
	return set(
		frappe.qb.from_(user)
		.join(has_role)
		.on((has_role.parent == user.name) & (has_role.parenttype == "User"))
		.select(user.name)
		.distinct()
		.where(
			has_role.role.isin(list(roles))
			& (user.enabled == 1)
			& user.name.notin(["Administrator", "Guest"])
		)
		.run(pluck=True)
	)
