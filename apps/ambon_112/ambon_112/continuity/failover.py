"""Failover: the replica becomes the site's database (``bench --site SITE ambon112-promote-replica``).

Frappe has no promotion of its own, so this does by hand only what it must: MariaDB's own
statements on the replica (wait until its relay log is applied, ``STOP SLAVE``, ``RESET SLAVE
ALL``, ``read_only = 0``), then Frappe's own site config (``frappe.installer.update_site_config``:
``db_host`` / ``db_port`` to the replica, ``read_from_replica`` off). Frappe 15 reads the site
config on every request and job (``frappe.init`` in ``frappe.app`` and in the RQ job runner) and
opens a new database connection for each, so running gunicorn and RQ workers use the new database
from their next request without a restart.

It never needs the old primary (it is presumed dead) and refuses, changing nothing, when the
server is no GTID replica, when the primary still answers (two primaries would each take calls;
``--force`` once it is fenced off) or when the replica has not applied all it received within
the wait. MariaDB's administrator is the one Frappe reads for new sites (``root_login`` /
``root_password`` in the config).

What it did is printed and appended, one JSON line per promotion or refusal, to Frappe's log of
the site (``frappe.logger``: ``sites/SITE/logs/ambon_112.failover.log`` and the bench's
``logs/``), not to a document: the log sits beside the site config it changed, is written whether
or not the new database accepts writes, and survives whichever database is kept afterwards.
"""

import json
import logging
import os
import time

import frappe
from frappe import _
from frappe.installer import update_site_config
from frappe.utils import now_datetime

from ambon_112.core.failover import (
	DEFAULT_WAIT_S,
	NOT_A_REPLICA,
	not_applied,
	replica_refusal,
	server_answered,
)

CONNECT_TIMEOUT_S = 3


class PromotionRefused(Exception):
	"""Nothing was changed: the reason is the message."""


def promote_replica(
	host: str | None = None,
	port: int | None = None,
	wait_s: float = DEFAULT_WAIT_S,
	force: bool = False,
	root_user: str | None = None,
	root_password: str | None = None,
) -> dict:
	"""Promote the replica (default: the site's ``replica_host`` / ``replica_db_port``) and point the
	site at it; returns the report. Raises PromotionRefused (after logging it) when it must not."""
	conf = frappe.conf
	host = host or conf.replica_host
	port = int(port or conf.replica_db_port or 3306)
	report = {
		"site": frappe.local.site,
		"at": str(now_datetime()),
		"replica": f"{host}:{port}",
		"old_primary": f"{conf.db_host}:{conf.db_port}",
	}
	started = time.monotonic()
	try:
		if not host:
			raise PromotionRefused(_("No replica given: pass --replica-host or set replica_host."))
		promote(host, port, wait_s, force, root_user or conf.root_login, root_password, report)
	except PromotionRefused as e:
		report.update(result="refused", reason=str(e), seconds=round(time.monotonic() - started, 2))
		log(report)
		raise
	point_site_at(host, port)
	report.update(result="promoted", seconds=round(time.monotonic() - started, 2))
	log(report)
	return report


def promote(host, port, wait_s, force, root_user, root_password, report):
	connection = admin_connection(host, port, root_user, root_password)
	try:
		status = slave_status(connection)
		if reason := replica_refusal(status):
			raise PromotionRefused(
				_("{0} is not a replica of the site's database.").format(report["replica"])
				if reason == NOT_A_REPLICA
				else _("{0} does not replicate by GTID: what it received cannot be checked.").format(
					report["replica"]
				)
			)
		if not force and primary_answers():
			raise PromotionRefused(
				_(
					"The primary {0} still answers: stop it first (two primaries would each take calls), "
					"or pass --force once it can no longer be reached by the bench."
				).format(report["old_primary"])
			)
		# The IO thread is left alone: with GTID, MariaDB throws the relay log away when it restarts and
		# fetches it again from the primary, which is gone; the calls acknowledged but not applied yet
		# would be lost with it (the failover test lost 11 that way).
		received = status["Gtid_IO_Pos"]
		waited = time.monotonic()
		execute(connection, "select master_gtid_wait(%s, %s)", (received, wait_s))
		applied = value(connection, "select @@global.gtid_slave_pos")
		report.update(received=received, applied=applied, waited_s=round(time.monotonic() - waited, 2))
		if not_applied(received, applied):
			status = slave_status(connection) or {}
			raise PromotionRefused(
				_(
					"The replica has not applied everything it received after {0} s (received {1}, "
					"applied {2}; SQL thread running: {3} {4}): it stays a replica, untouched."
				).format(
					wait_s,
					received,
					applied,
					status.get("Slave_SQL_Running"),
					status.get("Last_SQL_Error") or "",
				)
			)
		execute(connection, "stop slave")
		# A primary that came back in the meantime may have sent more: then it is alive after all.
		received = (slave_status(connection) or {}).get("Gtid_IO_Pos")
		if not_applied(received, value(connection, "select @@global.gtid_slave_pos")):
			execute(connection, "start slave")  # re-fetched from that live primary
			raise PromotionRefused(
				_("The primary sent more while the replica was being promoted: it is alive.")
			)
		report["received"] = received
		for statement in ("reset slave all", "set global read_only = 0"):
			execute(connection, statement)
	finally:
		connection.close()


def admin_connection(host, port, user, password):
	import pymysql

	try:
		return pymysql.connect(
			host=host,
			port=port,
			user=user or "root",
			password=password or "",
			connect_timeout=CONNECT_TIMEOUT_S,
			cursorclass=pymysql.cursors.DictCursor,
			autocommit=True,
		)
	except pymysql.err.MySQLError as e:
		raise PromotionRefused(_("Cannot reach the replica {0}:{1} as {2}: {3}").format(host, port, user, e))


def execute(connection, sql, args=None):
	with connection.cursor() as cursor:
		cursor.execute(sql, args)
		return cursor.fetchall()


def slave_status(connection) -> dict | None:
	rows = execute(connection, "show slave status")
	return rows[0] if rows else None


def value(connection, sql):
	(row,) = execute(connection, sql)
	return next(iter(row.values()))


def primary_answers() -> bool:
	"""Whether the site's current database server answers a connection, whatever it then says."""
	import pymysql

	conf = frappe.conf
	try:
		pymysql.connect(
			host=conf.db_host,
			port=int(conf.db_port),
			user=conf.db_name,
			password=conf.db_password,
			connect_timeout=CONNECT_TIMEOUT_S,
		).close()
		return server_answered(None)
	except pymysql.err.MySQLError as e:
		# an error without a code is counted as the server's: better refuse than run two primaries
		return server_answered(e.args[0] if e.args and isinstance(e.args[0], int) else 0)


def point_site_at(host: str, port: int):
	"""Frappe's site config: the next request and job connect to the promoted server, and reports
	read from it too (there is no replica any more until a new one is set up)."""
	update_site_config("db_host", host)
	update_site_config("db_port", port)
	update_site_config("read_from_replica", 0)
	for key in ("replica_host", "replica_db_port"):
		update_site_config(key, "None")  # Frappe's way of removing a key


def log(report: dict):
	os.makedirs(frappe.get_site_path("logs"), exist_ok=True)  # a site restored by hand may lack it
	logger = frappe.logger("ambon_112.failover", allow_site=frappe.local.site, file_count=50)
	logger.setLevel(logging.INFO)  # Frappe's loggers write errors only outside the dev server
	logger.info(json.dumps(report, default=str, sort_keys=True))
