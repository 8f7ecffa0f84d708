"""Failed log-ins slow down the address they come from, never the accounts they name.

Frappe 15's brute-force guard (System Settings → Allow Consecutive Login Attempts) locks an
*account* after N failures from anywhere, and its per-IP lock keys on the client's own
``X-Forwarded-For``: anyone could keep every operator out of the desk during an emergency. The app
turns that lock off (``turn_off_account_lockout``, at install and by a patch) and counts failures per
source address instead: the TCP peer, or, behind a proxy listed in the site config
(``ambon112_trusted_proxies``), the address that proxy saw. Frappe's ``rate_limit`` decorator and
``rate_limiter`` cannot do this (the first keys on ``X-Forwarded-For`` too, the second is one budget
for the whole site), hence this module.

Frappe offers no hook before it checks a password, so: every failure Frappe records (an Activity Log
"Failed") is counted, and once an address has failed ``limit`` times within the window, every further
attempt from it — right password or wrong — is answered 429 Too Many Requests, so a throttled
address learns nothing.

The counts live in Redis only. While Redis is unreachable nothing is counted and nobody is refused:
operators must be able to log in during an outage (logged as a warning, once per attempt).
"""

import frappe
import redis
from frappe import _

from ambon_112.core.client_address import client_address, throttle_key, trusted_networks

DEFAULT_LIMIT = 10  # failed log-ins per address ...
DEFAULT_WINDOW_SECONDS = 300  # ... counted from the first one, for this long


def turn_off_account_lockout():
	"""Frappe's per-account lock: off, since the per-address limit below replaces it."""
	frappe.db.set_single_value("System Settings", "allow_consecutive_login_attempts", 0)


def count_failed_login(doc, method=None):
	"""doc_events Activity Log after_insert: Frappe records each failed log-in this way."""
	if not (doc.operation == "Login" and doc.status == "Failed" and _in_request()):
		return
	key = _key()
	pipeline = frappe.cache.pipeline()
	pipeline.incr(key)
	pipeline.expire(key, _window(), nx=True)
	try:
		failures = pipeline.execute()[0]
	except redis.exceptions.ConnectionError:
		return _redis_down()
	if failures == _limit() + 1:
		frappe.logger("ambon112.login_throttle").warning(
			{"throttled_address": source_address(), "failed_logins": failures - 1}
		)
	if failures > _limit():
		_refuse(key)


def refuse_throttled_login(login_manager=None):
	"""on_login: a right password from a throttled address is refused too (before any session)."""
	if not _in_request():
		return
	key = _key()
	try:
		# The raw counter INCR wrote (get_value would unpickle it); the key is site-scoped by make_key.
		failures = int(frappe.cache.get(key) or 0)  # nosemgrep: frappe-cache-breaks-multitenancy
	except redis.exceptions.ConnectionError:
		return _redis_down()
	if failures >= _limit():
		_refuse(key)


def source_address() -> str:
	request = frappe.request
	trusted = trusted_networks(frappe.conf.get("ambon112_trusted_proxies"))
	return client_address(request.remote_addr, request.headers.get("X-Forwarded-For"), trusted)


def _redis_down():
	frappe.logger("ambon112.login_throttle").warning(
		{"unthrottled_address": source_address(), "reason": "Redis unreachable"}
	)


def _refuse(key: str):
	try:
		seconds = max(frappe.cache.ttl(key), 1)
	except redis.exceptions.ConnectionError:
		seconds = _window()
	frappe.throw(
		_("Too many failed log-ins from this address. Try again in {0} seconds.").format(seconds),
		frappe.TooManyRequestsError,
		title=_("Too Many Requests"),
	)


def _key() -> str:
	return frappe.cache.make_key(f"ambon112:login-failures:{throttle_key(source_address())}")


def _limit() -> int:
	return int(frappe.conf.get("ambon112_login_failures_per_address") or DEFAULT_LIMIT)


def _window() -> int:
	return int(frappe.conf.get("ambon112_login_throttle_seconds") or DEFAULT_WINDOW_SECONDS)


def _in_request() -> bool:
	return bool(getattr(frappe.local, "request", None))
