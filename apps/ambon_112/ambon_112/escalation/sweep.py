"""The escalation sweep: every minute, every open item against every active policy.

``run`` is the scheduled job (hooks: ``scheduler_events["cron"]["* * * * *"]``); its runner
commits once the sweep returns. Overlapping sweeps (a slow one and the next minute's, or a
worker restarted mid-sweep) cannot fire twice: a database lock lets one sweep in at a time,
and the escalation log's unique key refuses the same firing from a sweep that started before
the other committed.

A minute must never be skipped for want of time: the firings are written in batches
(``batch.py``: a thousand escalations in a few seconds) and what they tell people leaves once,
per room, after the commit (``outbox.py``). A batch that fails for an unexpected reason is
written again firing by firing (``actions.fire``), so one bad item cannot silence the others.
"""

from collections import Counter
from contextlib import contextmanager

import frappe
from frappe.query_builder.functions import Max
from frappe.utils import get_datetime, now_datetime

from ambon_112.core.escalation import Firing, condition_since, due_firings, in_scope
from ambon_112.escalation.actions import AlreadyFired, Planned, fire, plan
from ambon_112.escalation.batch import fire_batch
from ambon_112.escalation.items import CHUNK, items_by_name, open_items
from ambon_112.escalation.outbox import Outbox
from ambon_112.escalation.policies import active_policies
from ambon_112.escalation.recipients import Directory

BATCH = 500  # firings per claiming insert


def run():
	sweep()


def sweep(now=None, batched: bool = True) -> Counter:
	"""Fire what is due at ``now`` (default: the current time) and clear what no longer holds.

	``batched=False`` writes each firing through documents, one at a time (the reference the
	batched path is tested against)."""
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
		plans = []
		for doctype, rows in items.items():
			mine = [p for p in policies if p.scope.applies_to == doctype]
			fired = existing_firings(doctype, [row.name for row in rows])
			for row in rows:
				counts["items"] += 1
				for policy in mine:
					if not in_scope(policy.scope, doctype, row):
						continue
					for due in due_firings(policy.levels, row, now, fired.get((row.name, policy.name), ())):
						planned = plan_one(doctype, row, policy.name, due, now, directory)
						if planned:
							plans.append(planned)
						else:
							counts["failed"] += 1
		outbox = Outbox()
		for start in range(0, len(plans), BATCH):
			chunk = plans[start : start + BATCH]
			counts.update(fire_chunk(chunk, outbox) if batched else fire_each(chunk, outbox))
		counts["cleared"] += clear_resolved(
			now, {d: {row.name: row for row in rows} for d, rows in items.items()}
		)
		outbox.send()
	return counts


def plan_one(doctype, row, policy, due, now, directory) -> Planned | None:
	try:
		return plan(doctype, row, policy, due, now, directory)
	except Exception:
		frappe.clear_last_message()
		frappe.log_error(f"Escalation sweep: {policy} level {due.level.number} on {doctype} {row.name}")
		return None


def fire_chunk(plans: list[Planned], outbox: Outbox) -> Counter:
	"""A batch in its own savepoint; if it fails for an unexpected reason, firing by firing."""
	frappe.db.savepoint("escalation_batch")
	mine = Outbox()
	try:
		counts = fire_batch(plans, mine)
	except frappe.QueryDeadlockError:
		raise  # the whole transaction is gone: the next minute's sweep starts afresh
	except Exception:
		frappe.db.rollback(save_point="escalation_batch")
		frappe.clear_last_message()
		frappe.log_error("Escalation sweep: a batch of firings failed; writing them one by one")
		return fire_each(plans, outbox)
	frappe.db.release_savepoint("escalation_batch")
	outbox.merge(mine)
	return counts


def fire_each(plans: list[Planned], outbox: Outbox) -> Counter:
	return Counter(fire_one(planned, outbox) for planned in plans)


def fire_one(planned: Planned, outbox: Outbox) -> str:
	"""One firing in its own savepoint; a failure is logged and does not stop the sweep."""
	frappe.db.savepoint("escalation_firing")
	mine = Outbox()
	try:
		fire(planned, mine)
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
		frappe.log_error(
			f"Escalation sweep: {planned.policy} level {planned.due.level.number} on {planned.doctype} "
			f"{planned.item['name']}"
		)
		return "failed"
	frappe.db.release_savepoint("escalation_firing")
	outbox.merge(mine)
	return "fired"


def existing_firings(doctype: str, names: list[str]) -> dict[tuple[str, str], list[Firing]]:
	"""What already fired for these items, by (item, policy): per level its last firing and
	whether any firing of it was acknowledged (all the core needs), through the firing key's index."""
	firings: dict[tuple[str, str], list[Firing]] = {}
	log = frappe.qb.DocType("Escalation Log")
	for start in range(0, len(names), CHUNK):
		for row in (
			frappe.qb.from_(log)
			.select(
				log.reference_name,
				log.policy,
				log.level,
				Max(log.repeat_no).as_("repeat_no"),
				Max(log.fired_at).as_("fired_at"),
				Max(log.acknowledged_at.isnotnull()).as_("acknowledged"),
			)
			.where((log.reference_doctype == doctype) & log.reference_name.isin(names[start : start + CHUNK]))
			.groupby(log.reference_name, log.policy, log.level)
		).run(as_dict=True):
			firings.setdefault((row.reference_name, row.policy), []).append(
				Firing(row.level, row.repeat_no, row.fired_at, bool(row.acknowledged))
			)
	return firings


def clear_resolved(now, loaded: dict[str, dict[str, dict]]) -> int:
	"""Stamp the logs whose condition no longer holds (the item moved on or closed); Open ones become Cleared.

	The items this sweep has read serve again; only the items of other logs (closed since, or
	of a trigger no active policy uses) are read, by name.
	"""
	table = frappe.qb.DocType("Escalation Log")
	logs = (
		frappe.qb.from_(table)
		.select(
			table.name, table.reference_doctype, table.reference_name, table.trigger_condition, table.status
		)
		.where(table.cleared_at.isnull())
	).run(as_dict=True)
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
			(
				frappe.qb.update(table)
				.set(table.cleared_at, now)
				.set(table.status, "Cleared" if status == "Open" else status)
				.set(table.modified, now)
				.where(table.name.isin(names[start : start + CHUNK]) & table.cleared_at.isnull())
			).run()
	return len(cleared)


@contextmanager
def sweep_lock():
	"""A named database lock, one per site; released at once when a worker dies with its connection."""
	name = sweep_lock_name()
	# Raw SQL: MariaDB's named locks (GET_LOCK / RELEASE_LOCK) have no frappe.qb or Database API.
	acquired = frappe.db.sql("select get_lock(%s, 0)", name)[0][0] == 1  # nosemgrep: frappe-using-db-sql
	try:
		yield acquired
	finally:
		if acquired:
			frappe.db.sql("select release_lock(%s)", name)  # nosemgrep: frappe-using-db-sql


def sweep_lock_name() -> str:
	# Named locks are server-wide: the database name keeps two sites on one server apart.
	return f"ambon112_escalation_{frappe.conf.db_name}"[:64]
