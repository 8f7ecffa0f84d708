"""Many firings written at once: the earthquake minute in a handful of statements.

One insert claims every log of the batch. ``INSERT IGNORE`` (as ``frappe.db.bulk_insert`` with
``ignore_duplicates``) leaves out a firing whose unique key
(document, policy, level, repeat) another sweep wrote first; a sweep whose copy is still
uncommitted makes this insert wait for it, exactly as a single insert would. The logs this
sweep owns are then read back by their names, and only they get their recipients, desk
notifications, priority raise, alerts and e-mail: each firing happens once.

These rows go in without Frappe's document hooks on purpose. An Escalation Log is written only
by the engine (its controller validates nothing on insert); a Notification Log's own hook would
publish to the bell and mark it unseen once per insert, which the sweep's outbox does once per
user instead. ``actions.fire`` is the same firing through documents, and the sweep's fallback.
"""

from collections import Counter

import frappe
from frappe.model.naming import parse_naming_series
from frappe.utils import cint, now_datetime

from ambon_112.escalation.actions import LOG, Planned, finish, notification_rows, recipient_rows
from ambon_112.escalation.outbox import Outbox

LOG_FIELDS = (
	"reference_doctype",
	"reference_name",
	"incident",
	"agency",
	"policy",
	"level",
	"repeat_no",
	"trigger_condition",
	"fired_at",
	"condition_since",
	"status",
	"subject",
	"priority_before",
	"priority_after",
)
RECIPIENT_FIELDS = ("recipient", "user", "agency", "phone", "email", "channels")
NOTIFICATION_FIELDS = ("for_user", "type", "document_type", "document_name", "subject")
STANDARD = ("name", "creation", "modified", "owner", "modified_by", "docstatus", "idx")
INSERT_CHUNK = 1000  # rows per statement


def fire_batch(plans: list[Planned], outbox: Outbox) -> Counter:
	"""Write every planned firing this sweep is the first to claim; counts as ``fire_one`` does."""
	plans = sorted(plans, key=lambda p: p.key)  # one lock order for every sweep: no deadlock between two
	names = reserve_log_names(len(plans))
	stamp, user = now_datetime(), frappe.session.user
	frappe.db.savepoint("escalation_claim")
	try:
		insert_rows(
			LOG,
			[*STANDARD, *LOG_FIELDS],
			[
				(name, stamp, stamp, user, user, 0, 0, *(p.log[f] for f in LOG_FIELDS))
				for name, p in zip(names, plans, strict=True)
			],
			ignore_duplicates=True,
		)
	except frappe.QueryTimeoutError:
		# Another sweep holds these firings uncommitted for too long: they are that sweep's to finish.
		frappe.db.rollback(save_point="escalation_claim")
		return Counter(busy=len(plans))
	frappe.db.release_savepoint("escalation_claim")
	owned = owned_logs(names, plans)
	write_children(owned, stamp, user)
	for name, planned in owned:
		outbox.ring(row["for_user"] for row in notification_rows(planned, name))
		finish(planned, name, outbox)
	return Counter(fired=len(owned), already_fired=len(plans) - len(owned))


def reserve_log_names(count: int) -> list[str]:
	"""``count`` names of the Escalation Log's naming series with one update of its counter.

	Frappe's ``getseries`` hands out one number per insert; the row lock it takes on the series
	is the same, held until the commit, so two sweeps still never share a number.
	"""
	if not count:
		return []
	found = {}

	def placeholder(prefix: str, digits: int) -> str:
		found.update(prefix=prefix, digits=digits)
		return "\0"

	template = parse_naming_series(frappe.get_meta(LOG).autoname, number_generator=placeholder)
	series = frappe.qb.DocType("Series")
	current = (
		frappe.qb.from_(series).where(series.name == found["prefix"]).for_update().select(series.current)
	).run()
	if current and current[0][0] is not None:
		start = cint(current[0][0])
		frappe.qb.update(series).set(series.current, series.current + count).where(
			series.name == found["prefix"]
		).run()
	else:
		start = 0
		frappe.qb.into(series).columns(series.name, series.current).insert(found["prefix"], count).run()
	return [
		template.replace("\0", str(n).zfill(found["digits"])) for n in range(start + 1, start + count + 1)
	]


def owned_logs(names: list[str], plans: list[Planned]) -> list[tuple[str, Planned]]:
	"""The logs this insert wrote: a name this sweep reserved, holding the key it was meant for."""
	table = frappe.qb.DocType(LOG)
	written = {
		row[0]: tuple(row[1:])
		for row in frappe.qb.from_(table)
		.select(
			table.name,
			table.reference_doctype,
			table.reference_name,
			table.policy,
			table.level,
			table.repeat_no,
		)
		.where(table.name.isin(names))
		.run()
	}
	return [
		(name, p)
		for name, p in zip(names, plans, strict=True)
		if written.get(name) == (p.doctype, p.item["name"], p.policy, p.due.level.number, p.due.repeat)
	]


def write_children(owned: list[tuple[str, Planned]], stamp, user: str):
	recipients, notifications = [], []
	for name, planned in owned:
		for idx, row in enumerate(recipient_rows(planned), start=1):
			recipients.append(
				(
					frappe.generate_hash(length=10),
					stamp,
					stamp,
					user,
					user,
					0,
					idx,
					name,
					LOG,
					"recipients",
					*(row[f] for f in RECIPIENT_FIELDS),
				)
			)
		for row in notification_rows(planned, name):
			notifications.append(
				(
					frappe.generate_hash(length=10),
					stamp,
					stamp,
					user,
					user,
					0,
					0,
					*(row[f] for f in NOTIFICATION_FIELDS),
				)
			)
	if recipients:
		insert_rows(
			"Escalation Log Recipient",
			[*STANDARD, "parent", "parenttype", "parentfield", *RECIPIENT_FIELDS],
			recipients,
		)
	if notifications:
		insert_rows("Notification Log", [*STANDARD, *NOTIFICATION_FIELDS], notifications)


def insert_rows(doctype: str, fields: list[str], rows: list[tuple], ignore_duplicates: bool = False):
	"""``frappe.db.bulk_insert`` without its cost: it renders every value through pypika's term
	classes (seconds for the tens of thousands of values of a storm); the same multi-row INSERT
	with placeholders lets the database driver escape them. ``ignore_duplicates`` as there."""
	columns = ", ".join(f"`{f}`" for f in fields)
	row = "(" + ", ".join(["%s"] * len(fields)) + ")"
	verb = "insert ignore into" if ignore_duplicates else "insert into"
	for start in range(0, len(rows), INSERT_CHUNK):
		chunk = rows[start : start + INSERT_CHUNK]
		frappe.db.sql(  # nosemgrep: frappe-using-db-sql (see the docstring: bulk_insert is too slow here)
			f"{verb} `tab{doctype}` ({columns}) values {', '.join([row] * len(chunk))}",
			[value for values in chunk for value in values],
		)
