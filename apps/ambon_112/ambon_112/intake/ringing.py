"""The pop-ups an operator's desk should be showing, read from the database.

Realtime brings a ringing call to the desk at once. When it cannot (Redis or the socket.io server
down, the browser's socket dropped), the desk asks here instead (public/js/incoming_call.js): the
calls ringing for this operator and those just answered at their position, each with the pop-up
realtime would have carried. A call rings for everyone on duty unless the PBX named who takes it.
"""

import frappe
import redis
from frappe.utils import add_to_date, now_datetime

from ambon_112.core.telephony import ANSWERED, RINGING
from ambon_112.intake import on_duty
from ambon_112.intake.caller_history import popup

CALL = "Emergency Call"
# A call still "Ringing" after this long lost its PBX events; the call list shows it, not a pop-up.
RINGING_MINUTES = 10
# An answered call pops up at its operator for this long: enough to open it from the pop-up.
ANSWERED_MINUTES = 2
MAX_CALLS = 20


def popups_for(user: str) -> list[dict]:
	now = now_datetime()
	fields = ["name", "call_state", "operator"]
	ringing = frappe.get_all(
		CALL,
		filters={"call_state": "Ringing", "received_at": (">=", add_to_date(now, minutes=-RINGING_MINUTES))},
		fields=fields,
		order_by="received_at desc",
		limit=MAX_CALLS,
	)
	on_duty_here = user in on_duty.on_duty_operators()
	mine = [c for c in ringing if c.operator == user or (not c.operator and on_duty_here)]
	mine += frappe.get_all(
		CALL,
		filters={
			"call_state": "Answered",
			"operator": user,
			"answered_at": (">=", add_to_date(now, minutes=-ANSWERED_MINUTES)),
		},
		fields=fields,
		order_by="answered_at desc",
		limit=MAX_CALLS,
	)
	return [
		popup(frappe.get_doc(CALL, c.name), RINGING if c.call_state == "Ringing" else ANSWERED)
		for c in mine[:MAX_CALLS]
	]


def realtime_reachable() -> bool:
	"""Whether events can reach the realtime server: Frappe publishes them through redis_queue. Its own
	connection, with short timeouts: a Redis host that does not answer must not hold the desk's poll."""
	try:
		with redis.Redis.from_url(frappe.conf.redis_queue, socket_connect_timeout=1, socket_timeout=1) as r:
			return bool(r.ping())
	except (redis.exceptions.RedisError, OSError, ValueError):
		return False
