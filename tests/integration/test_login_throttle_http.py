"""Failed log-ins throttle the address they come from, never an operator's account: over HTTP through
gunicorn, each client bound to its own loopback address so that the server sees a different peer.

What these guard against: ten wrong passwords locked any account for 60 s, repeatable by anyone, and the
per-IP lock keyed on the client's own X-Forwarded-For.
"""

import random

import frappe
import pytest
import requests
from frappe.installer import update_site_config
from requests.adapters import HTTPAdapter

from ambon_112.roles import OPERATOR
from ambon_112.security.login_throttle import DEFAULT_LIMIT
from ambon_112.tests.utils import TEST_PASSWORD, make_user
from tests.bench import site_headers

pytestmark = pytest.mark.http


class SourceAddressAdapter(HTTPAdapter):
	"""Connects from a chosen local address: 127.0.0.0/8 is all loopback, so each is another peer."""

	def __init__(self, address: str, **kwargs):
		self.address = address
		super().__init__(**kwargs)

	def init_poolmanager(self, *args, **kwargs):
		kwargs["source_address"] = (self.address, 0)
		super().init_poolmanager(*args, **kwargs)


def client_at(address: str) -> requests.Session:
	session = requests.Session()
	session.mount("http://", SourceAddressAdapter(address))
	session.headers.update(site_headers())
	return session


def loopback() -> str:
	"""A loopback address no other test (nor an earlier run, still counted) has used."""
	return f"127.{random.randint(1, 254)}.{random.randint(0, 255)}.{random.randint(1, 254)}"


def log_in(session, server, user, password, forwarded_for=None):
	headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
	return session.post(
		f"{server}/api/method/login", data={"usr": user, "pwd": password}, headers=headers, timeout=60
	)


def logged_in_user(session, server) -> str:
	return session.get(f"{server}/api/method/frappe.auth.get_logged_user", timeout=60).json()["message"]


@pytest.fixture
def operator(site):
	user = make_user([OPERATOR])
	frappe.db.commit()
	return user


def test_failures_from_one_address_get_429_there_and_lock_no_operator_out(server, operator):
	attacker, desk = loopback(), loopback()
	outside = client_at(attacker)
	for attempt in range(DEFAULT_LIMIT):
		# A forged X-Forwarded-For each time: the limit counts the real peer, whatever it claims.
		response = log_in(outside, server, operator, "wrong-password", forwarded_for=loopback())
		assert response.status_code == 401, (attempt, response.status_code, response.text[:300])
	throttled = log_in(outside, server, operator, "wrong-password", forwarded_for=loopback())
	assert throttled.status_code == 429, throttled.text[:300]
	assert throttled.json()["exc_type"] == "TooManyRequestsError"
	# Even the right password from there gets 429: a throttled address learns nothing.
	assert log_in(outside, server, operator, TEST_PASSWORD).status_code == 429
	assert outside.get(f"{server}/api/method/frappe.auth.get_logged_user", timeout=60).status_code == 403

	# The operator at the desk logs in at once, also claiming to be the attacker's address.
	at_desk = client_at(desk)
	response = log_in(at_desk, server, operator, TEST_PASSWORD, forwarded_for=attacker)
	assert response.status_code == 200, response.text[:300]
	assert logged_in_user(at_desk, server) == operator


def test_behind_a_trusted_proxy_the_address_the_proxy_saw_is_throttled_not_the_proxy(server, operator):
	proxy, attacker, desk = loopback(), loopback(), loopback()
	update_site_config("ambon112_trusted_proxies", [proxy])
	try:
		via_proxy = client_at(proxy)
		for _ in range(DEFAULT_LIMIT):
			# What the client claims comes first, what the proxy saw last: only the last one counts.
			assert (
				log_in(via_proxy, server, operator, "wrong", forwarded_for=f"{desk}, {attacker}").status_code
				== 401
			)
		assert log_in(via_proxy, server, operator, "wrong", forwarded_for=attacker).status_code == 429
		# Another client behind the same proxy is not throttled.
		response = log_in(via_proxy, server, operator, TEST_PASSWORD, forwarded_for=desk)
		assert response.status_code == 200, response.text[:300]
	finally:
		update_site_config("ambon112_trusted_proxies", "None")
