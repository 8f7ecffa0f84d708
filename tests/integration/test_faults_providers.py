"""Slow or dead outside providers: with an SMTP server (and a push relay) that accepts connections and
never answers, a dispatch is saved and its unit shown as dispatched as fast as with a healthy
provider, because no request talks to a provider: the agency's e-mails wait in Frappe's Email Queue
and go out from there once the provider answers."""

import statistics
import time

import frappe
import pytest
from frappe.installer import update_site_config

from ambon_112.core.incident_states import UNIT_STATUS_FOR_DISPATCH
from ambon_112.roles import AGENCY_STAFF, SUPERVISOR
from ambon_112.tests.utils import (
	make_agency,
	make_incident,
	make_unit,
	make_user,
	outgoing_mail_account,
	unique,
)
from tests.bench import login
from tests.faults import smtp_server
from tests.integration.test_dispatch_http import DISPATCH

pytestmark = pytest.mark.http
DISPATCHES = 3


@pytest.fixture(scope="module")
def world(site):
	agency = make_agency("Fire", email=f"{unique('damkar')}@ambon112.test".lower())
	crew = [make_user([AGENCY_STAFF], agency=agency) for _ in range(3)]
	supervisor = make_user([SUPERVISOR])
	frappe.db.commit()
	return frappe._dict(agency=agency, crew=crew, supervisor=supervisor)


@pytest.fixture
def mail_account(site):
	"""The site's outgoing e-mail account, pointed at a port of the test's choosing; off afterwards."""
	with outgoing_mail_account() as account:

		def point_at(port: int):
			account.reload()
			account.smtp_port = port
			account.save(ignore_permissions=True)  # clears the cached account the web server reads
			frappe.db.commit()

		yield point_at


@pytest.fixture
def dead_push_relay():
	"""Frappe's push relay switched on and pointed at a server that never answers."""
	with smtp_server(silent=True) as silent:
		update_site_config("push_relay_server_url", f"http://127.0.0.1:{silent.port}")
		frappe.db.set_single_value("Push Notification Settings", "enable_push_notification_relay", 1)
		frappe.db.commit()
		yield silent
		frappe.db.set_single_value("Push Notification Settings", "enable_push_notification_relay", 0)
		update_site_config("push_relay_server_url", "None")
		frappe.db.commit()


def dispatch_one(server, desk, world) -> tuple[float, str, str]:
	incident, unit = make_incident().name, make_unit(world.agency)
	frappe.db.commit()
	started = time.monotonic()
	response = desk.post(f"{server}{DISPATCH}", json={"incident": incident, "units": [unit]}, timeout=180)
	seconds = time.monotonic() - started
	assert response.status_code == 200, response.text[:2000]
	dispatch = response.json()["message"]["dispatches"][0]
	frappe.db.rollback()
	assert (
		frappe.db.get_value("Emergency Unit", unit, "status") == UNIT_STATUS_FOR_DISPATCH[dispatch["status"]]
	)
	return seconds, dispatch["name"], unit


def queued_emails(dispatches: list[str]) -> list[dict]:
	frappe.db.rollback()
	return frappe.get_all(
		"Email Queue",
		filters={"reference_doctype": "Dispatch", "reference_name": ("in", dispatches)},
		fields=["name", "status", "reference_name"],
	)


def test_a_dead_mail_provider_does_not_slow_a_dispatch_and_its_mail_goes_out_later(
	server, world, mail_account, dead_push_relay
):
	desk = login(server, world.supervisor)
	with smtp_server() as healthy, smtp_server(silent=True) as dead:
		mail_account(healthy.port)
		healthy_runs = [dispatch_one(server, desk, world) for _ in range(DISPATCHES)]
		mail_account(dead.port)
		dead_runs = [dispatch_one(server, desk, world) for _ in range(DISPATCHES)]

		# No request talked to a provider, healthy or dead: the dispatches' e-mails are queued.
		assert healthy.connections == dead.connections == dead_push_relay.connections == 0
		healthy_seconds, dead_seconds = [r[0] for r in healthy_runs], [r[0] for r in dead_runs]
		print(f"dispatch seconds: healthy {healthy_seconds}, dead provider {dead_seconds}")
		assert max(dead_seconds) < 10, "far below the 120 s an SMTP client waits for a dead server"
		assert statistics.median(dead_seconds) <= 2 * statistics.median(healthy_seconds) + 1
		dispatches = [r[1] for r in healthy_runs + dead_runs]
		emails = queued_emails(dispatches)
		assert {e.reference_name for e in emails} == set(dispatches), "the agency is e-mailed"
		assert {e.status for e in emails} == {"Not Sent"}

		# The provider answers again: the queue sends them, each as Frappe's flush job sends it (only
		# these: the site's queue holds other tests' e-mails for servers long gone).
		mail_account(healthy.port)
		frappe.flags.testing_email = True
		try:
			for email in emails:
				frappe.get_doc("Email Queue", email.name).send()
			frappe.db.commit()
		finally:
			frappe.flags.testing_email = False
		assert {e.status for e in queued_emails(dispatches)} == {"Sent"}
		for dispatch in dispatches:
			queued = sum(e.reference_name == dispatch for e in emails)
			assert sum(dispatch in text for text in healthy.texts()) == queued, dispatch
