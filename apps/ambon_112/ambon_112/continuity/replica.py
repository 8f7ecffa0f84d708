"""Reads on the MariaDB replica, through Frappe's own ``read_from_replica``.

With ``read_from_replica: 1``, ``replica_host`` and ``replica_db_port`` in the site config, every
function Frappe marks ``@frappe.read_only()`` runs on the replica: script and query reports
(``frappe.desk.query_report.run``, their exports), report views and list exports; the app marks
its own heavy reads the same way (the public statistics, the national export).

Frappe has no fallback: with the replica down, each of those requests fails. So before every
request and job, while the replica does not answer, the request is pinned to the primary:
Frappe's ``connect_replica`` switches only when no switch was made in this request, and the pin
makes it believe one was (``frappe.local.primary_db`` is the primary, and so is the "replica").
The same holds while the replica lags more than ``ambon112_replica_max_lag_seconds`` (site config,
default 30) behind or does not replicate: read from ``SHOW SLAVE STATUS`` when the site's database
user may (``GRANT SLAVE MONITOR``); without that privilege only "answers or not" is checked.
Whether the replica is usable is probed with a one-second connect and remembered for a few
seconds per process, so a dead replica costs a request no more than that, and most requests nothing.
"""

import time

import frappe

from ambon_112.core.continuity import DEFAULT_REPLICA_MAX_LAG_S, replica_usable

HEALTH_TTL_S = 10
CONNECT_TIMEOUT_S = 1

_health: dict[tuple, tuple[float, bool]] = {}


def replica_configured() -> bool:
	return bool(frappe.conf.read_from_replica and frappe.conf.replica_host)


def replica_answers() -> bool:
	"""Whether the replica answers and is recent enough (remembered for HEALTH_TTL_S per process)."""
	key = (frappe.conf.replica_host, frappe.conf.replica_db_port, frappe.conf.db_name)
	checked = _health.get(key)
	if checked and time.monotonic() - checked[0] < HEALTH_TTL_S:
		return checked[1]
	ok = probe()
	_health[key] = (time.monotonic(), ok)
	return ok


def probe() -> bool:
	import pymysql

	conf = frappe.conf
	user, password = conf.db_name, conf.db_password
	if conf.different_credentials_for_replica:
		user, password = conf.replica_db_name, conf.replica_db_password
	try:
		connection = pymysql.connect(
			host=conf.replica_host,
			port=int(conf.replica_db_port or 3306),
			user=user,
			password=password,
			database=conf.db_name,
			connect_timeout=CONNECT_TIMEOUT_S,
			read_timeout=CONNECT_TIMEOUT_S * 2,
			cursorclass=pymysql.cursors.DictCursor,
		)
	except Exception:
		return False
	try:
		with connection.cursor() as cursor:
			cursor.execute("show slave status")
			status = cursor.fetchone() or None
	except pymysql.err.OperationalError:
		status = None  # no SLAVE MONITOR privilege: the lag cannot be read
	except Exception:
		return False
	finally:
		connection.close()
	max_lag = conf.get("ambon112_replica_max_lag_seconds")
	return replica_usable(status, DEFAULT_REPLICA_MAX_LAG_S if max_lag is None else float(max_lag))


def pin_to_primary_while_replica_is_down(*args, **kwargs):
	"""``before_request`` / ``before_job``: Frappe's read-only functions stay on the primary when
	the replica does not answer."""
	if not replica_configured() or getattr(frappe.local, "primary_db", None) is not None:
		return
	if not replica_answers():
		frappe.local.primary_db = frappe.local.replica_db = frappe.local.db
