"""The escalation sweep: every minute, every open item against every active policy.

``run`` is the scheduled job (hooks: ``scheduler_events["cron"]["* * * * *"]``); its runner
commits once the sweep returns. Overlapping sweeps (a slow one and the next minute's, or a
worker restarted mid-sweep) cannot fire twice: a database lock lets one sweep in at a time,
and the escalation log's unique key refuses the same firing from a sweep that started before
the other committed.
"""

from collections import Counter
from contextlib import contextmanager

import frappe
from frappe.utils import get_datetime, now_datetime

from ambon_112.core.escalation import Firing, condition_since, due_firings, in_scope
from ambon_112.escalation.actions import AlreadyFired, fire
from ambon_112.escalation.items import CHUNK, items_by_name, open_items
from ambon_112.escalation.policies import active_policies
from ambon_112.escalation.recipients import Directory


def run():
	sweep()


def sweep(now=None) -> Counter:
	"""Fire what is due at ``now`` (default: the current time) and clear what no longer holds."""
	now = get_datetime(now) if now else now_datetime()
	counts = Counter()
	with sweep_lock() as acquired:
		if not acquired:
			counts["skipped"] += 1
			return counts
		policies = active_policies()
		directory = Directory()
		triggers = {level.trigger for policy in policies for level in policy.levels}
		items = open_items(triggers)
		for doctype, rows in items.items():
			mine = [p for p in policies if p.scope.applies_to == doctype]
			fired = existing_firings(doctype, [row.name for row in rows])
			for row in rows:
				counts["items"] += 1
				for policy in mine:
					if not in_scope(policy.scope, doctype, row):
						continue
					for due in due_firings(policy.levels, row, now, fired.get((row.name, policy.name), ())):
						counts[fire_one(doctype, row, policy.name, due, now, directory)] += 1
		counts["cleared"] += clear_resolved(
			now, {d: {row.name: row for row in rows} for d, rows in items.items()}
		)
	return counts


def fire_one(doctype, row, policy, due, now, directory) -> str:
	"""One firing in its own savepoint; a failure is logged and does not stop the sweep."""
	frappe.db.savepoint("escalation_firing")
	try:
		fire(doctype, row, policy, due, now, directory)
	except AlreadyFired:
		frappe.db.rollback(save_point="escalation_firing")
		return "already_fired"
	except frappe.QueryTimeoutError:
		# Another sweep holds this firing uncommitted for too long: it is that sweep's to finish.
		frappe.db.rollback(save_point="escalation_firing")
		return "busy"
	except frappe.QueryDeadlockError:
		raise  # the whole transaction is gone: the next minute's sweep starts afresh
	except Exception:
		frappe.db.rollback(save_point="escalation_firing")
		frappe.clear_last_message()
		frappe.log_error(f"Escalation sweep: {policy} level {due.level.number} on {doctype} {row.name}")
		return "failed"
	frappe.db.release_savepoint("escalation_firing")
	return "fired"


def existing_firings(doctype: str, names: list[str]) -> dict[tuple[str, str], list[Firing]]:
	"""What already fired for these items, by (item, policy): per level its last firing and
	whether any firing of it was acknowledged (all the core needs), through the firing key's index."""
	firings: dict[tuple[str, str], list[Firing]] = {}
	for start in range(0, len(names), CHUNK):
		for row in frappe.db.sql(
			"""select reference_name, policy, level, max(repeat_no) as repeat_no, max(fired_at) as fired_at,
				max(acknowledged_at is not null) as acknowledged
			from `tabEscalation Log` where reference_doctype = %(doctype)s and reference_name in %(names)s
			group by reference_name, policy, level""",
			{"doctype": doctype, "names": names[start : start + CHUNK]},
			as_dict=True,
		):
			firings.setdefault((row.reference_name, row.policy), []).append(
				Firing(row.level, row.repeat_no, row.fired_at, bool(row.acknowledged))
			)
	return firings


def clear_resolved(now, loaded: dict[str, dict[str, dict]]) -> int:
	"""Stamp the logs whose condition no longer holds (the item moved on or closed); Open ones become Cleared.

	The items this sweep has read serve again; only the items of other logs (closed since, or
	of a trigger no active policy uses) are read, by name.
	"""
	logs = frappe.db.sql(
		"""select name, reference_doctype, reference_name, trigger_condition, status
		from `tabEscalation Log` where cleared_at is null""",
		as_dict=True,
	)
	items = {doctype: dict(rows) for doctype, rows in loaded.items()}
	missing: dict[str, set[str]] = {}
	for log in logs:
		if log.reference_name not in items.get(log.reference_doctype, {}):
			missing.setdefault(log.reference_doctype, set()).add(log.reference_name)
	for doctype, names in missing.items():
		items.setdefault(doctype, {}).update(items_by_name(doctype, names))
	cleared = [
		log
		for log in logs
		if condition_since(log.trigger_condition, items[log.reference_doctype].get(log.reference_name) or {})
		is None
	]
	for status in ("Open", "Acknowledged"):
		names = [log.name for log in cleared if log.status == status]
		for start in range(0, len(names), CHUNK):
			frappe.db.sql(
				"""update `tabEscalation Log` set cleared_at = %(now)s, status = %(status)s, modified = %(now)s
				where name in %(names)s and cleared_at is null""",
				{
					"now": now,
					"status": "Cleared" if status == "Open" else status,
					"names": names[start : start + CHUNK],
				},
			)
	return len(cleared)


@contextmanager
def sweep_lock():
	"""A named database lock, one per site; released at once when a worker dies with its connection."""
	name = sweep_lock_name()
	acquired = frappe.db.sql("select get_lock(%s, 0)", name)[0][0] == 1
	try:
		yield acquired
	finally:
		if acquired:
			frappe.db.sql("select release_lock(%s)", name)


def sweep_lock_name() -> str:
	# Named locks are server-wide: the database name keeps two sites on one server apart.
	return f"ambon112_escalation_{frappe.conf.db_name}"[:64]
