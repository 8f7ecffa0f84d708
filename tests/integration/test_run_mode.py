"""The README's run command is not Frappe's development server.

setup.sh ends with `bench start --no-dev` on sites/Procfile.template. tests.bench.run_system runs
that Procfile the same way (honcho, which `bench start` execs, in the bench folder) for the test
site on free ports, with DEV_SERVER=true in its environment, as `bench start` without --no-dev
would leave it: the Procfile itself must keep every process out of development mode. Probed over
HTTP as Guest, an agency user and an operator. honcho's output: test-artifacts/run-mode/.

The probes run the processes that answer the network (front, gunicorn, socket.io). The scheduler
and the worker act on every site of the bench, so they run only as long as needed: the whole
Procfile for a few seconds (Frappe's scheduler waits a full tick, 60 s, before it enqueues
anything), and the worker until it has run one job of the test site.
"""

import json
import socket
import time
from contextlib import contextmanager

import frappe
import pytest
import requests
from frappe.utils.background_jobs import get_redis_connection_without_auth

from ambon_112.roles import AGENCY_STAFF, OPERATOR
from ambon_112.security import login_throttle
from ambon_112.tests.utils import TEST_PASSWORD, make_agency, make_user
from tests.bench import REPO, login, run_system

ARTIFACTS = REPO / "test-artifacts" / "run-mode"
UI_TEST_HELPERS = "/api/method/frappe.tests.ui_test_helpers"
EVERY_PROCESS = {
	"web": "front.js",
	"gunicorn": "gunicorn",
	"socketio": "socketio.js",
	"schedule": "frappe schedule",
	"worker": "frappe worker",
}
NOT_DEVELOPMENT = {"DEV_SERVER": "true"}  # what a plain `bench start` would hand the Procfile

pytestmark = [pytest.mark.http]


@pytest.fixture(scope="module")
def system(site):
	with run_system(ARTIFACTS, processes=("web", "gunicorn", "socketio"), env=NOT_DEVELOPMENT) as system:
		yield system


@pytest.fixture(scope="module")
def people(site):
	people = {
		"agency user": make_user([AGENCY_STAFF], agency=make_agency("Fire")),
		"operator": make_user([OPERATOR]),
	}
	frappe.db.commit()
	return people


def session_of(system, people, who: str) -> requests.Session:
	return requests.Session() if who == "Guest" else login(system.base, people[who])


@contextmanager
def realtime_events():
	"""What the site publishes to Frappe's socket.io server meanwhile (the `events` Redis channel)."""
	pubsub = get_redis_connection_without_auth().pubsub()
	pubsub.subscribe("events")
	heard = []
	try:
		yield heard
		deadline = time.monotonic() + 2
		while time.monotonic() < deadline:
			if message := pubsub.get_message(ignore_subscribe_messages=True, timeout=0.2):
				heard.append(json.loads(message["data"]))
	finally:
		pubsub.close()


def test_every_process_listens_on_this_machine_only(system):
	listening = system.listening()
	assert set(system.ports.values()) <= {port for _, port in listening}, listening
	assert {address for address, _ in listening} == {"127.0.0.1"}, listening


def test_the_whole_procfile_runs_the_scheduler_and_a_worker_beside_the_web_server(site):
	with run_system(ARTIFACTS / "whole", env=NOT_DEVELOPMENT) as whole:
		time.sleep(3)  # every process stays up (honcho stops them all when one stops)
		lines = whole.command_lines()
		for name, command in EVERY_PROCESS.items():
			assert any(command in line for line in lines), (name, lines)
		assert {address for address, _ in whole.listening()} == {"127.0.0.1"}
		assert whole.honcho.poll() is None


def test_the_worker_runs_the_sites_jobs(site):
	with run_system(ARTIFACTS / "worker", processes=("worker",), env=NOT_DEVELOPMENT):
		job = frappe.enqueue("frappe.ping", queue="short")
		deadline = time.monotonic() + 90
		while job.get_status(refresh=True) != "finished":
			assert time.monotonic() < deadline, f"the worker never ran the job: {job.get_status()}"
			time.sleep(0.5)


@pytest.mark.parametrize("who", ["agency user", "operator"])
def test_frappes_ui_test_helpers_cannot_be_called(system, people, who):
	session = session_of(system, people, who)
	event = f"ambon112_forged_{frappe.generate_hash(length=8)}"
	forged = {"event": event, "message": "Dispatch DSP-0001: go", "user": people["operator"]}
	with realtime_events() as heard:
		answer = session.post(f"{system.base}{UI_TEST_HELPERS}.publish_realtime", data=forged, timeout=30)
	assert answer.status_code != 200, answer.text
	assert not [m for m in heard if m["event"] == event], heard

	kept = frappe.get_doc({"doctype": "ToDo", "description": "must outlive create_todo_records"}).insert()
	frappe.db.commit()
	answer = session.post(f"{system.base}{UI_TEST_HELPERS}.create_todo_records", timeout=30)
	assert answer.status_code != 200, answer.text
	assert frappe.db.exists("ToDo", kept.name), "create_todo_records emptied the ToDo table"


def test_the_werkzeug_debugger_is_not_served(system):
	console = requests.get(f"{system.base}/console", timeout=30)
	assert console.status_code == 404
	for path in ("/console", "/?__debugger__=yes&cmd=resource&f=debugger.js"):
		answer = requests.get(f"{system.base}{path}", timeout=30)
		assert "EVALEX" not in answer.text and "Werkzeug" not in answer.text, path


@pytest.mark.parametrize("who", ["Guest", "agency user", "operator"])
@pytest.mark.parametrize("accept", ["application/json", "text/html"])
def test_errors_reach_clients_without_a_traceback(system, people, who, accept):
	"""Unexpected errors (500), answered as JSON to API clients and as a page to browsers: a method
	open to Guest called without an argument it needs (Python fails) and, for a signed-in user, a
	list sorted by a column that does not exist (the database refuses the query)."""
	session = session_of(system, people, who)
	headers = {"Accept": accept}
	missing_argument = f"{system.base}/api/method/frappe.realtime.can_subscribe_doc?doctype=ToDo"
	probes = [session.get(missing_argument, headers=headers, timeout=30)]
	if who != "Guest":
		# The REST list: agency users reach it too (the desk's frappe.client.* is refused them).
		bad_sort = {"fields": '["name"]', "order_by": "no_such_column desc"}
		url = f"{system.base}/api/resource/ToDo"
		probes.append(session.get(url, params=bad_sort, headers=headers, timeout=30))
	for answer in probes:
		assert answer.status_code == 500, answer.text
		assert "Traceback" not in answer.text and 'File "' not in answer.text, answer.text
		if accept == "application/json":
			assert not {"exc", "exception", "_exc_source"} & set(answer.json()), answer.text


def test_pages_reach_realtime_on_their_own_address(system):
	"""The desk and the portal open socket.io at /socket.io/ of the page's own origin (as behind
	nginx in production); a page of another origin is refused before Frappe's server sees it."""
	handshake = f"{system.base}/socket.io/?EIO=4&transport=polling"
	answer = requests.get(handshake, headers={"Origin": system.base}, timeout=30)
	assert answer.ok and answer.text.startswith("0{"), answer.text
	foreign = requests.get(handshake, headers={"Origin": "http://attacker.example"}, timeout=30)
	assert foreign.status_code == 403


def test_an_idle_keep_alive_connection_stays_open_as_long_as_behind_benchs_nginx(system):
	"""A client reuses its connection after a pause: the front keeps it 15 s (bench's nginx:
	keepalive_timeout 15), not Node's 5 s, which reset connections clients were about to reuse."""
	host, port = system.base.removeprefix("http://").split(":")
	request = f"GET /api/method/ping HTTP/1.1\r\nHost: {host}\r\nConnection: keep-alive\r\n\r\n".encode()
	with socket.create_connection((host, int(port)), timeout=30) as connection:
		connection.sendall(request)
		assert b"200 OK" in connection.recv(65536)
		time.sleep(8)
		connection.sendall(request)
		assert b"200 OK" in connection.recv(65536)


class FromAddress(requests.adapters.HTTPAdapter):
	"""Connections from another loopback address (Linux gives this machine all of 127.0.0.0/8):
	another client, as the front sees it."""

	def __init__(self, address: str):
		self.address = address
		super().__init__()

	def init_poolmanager(self, *args, **kwargs):
		super().init_poolmanager(*args, **{**kwargs, "source_address": (self.address, 0)})


def client_at(address: str) -> requests.Session:
	session = requests.Session()
	session.mount("http://", FromAddress(address))
	return session


def test_frappe_sees_the_real_client_address_not_the_one_a_client_claims(system, people):
	"""The front writes X-Forwarded-For itself (Frappe takes the client's address from it: login
	history, per-address limits), as bench's nginx configuration does."""
	claimed = {"X-Forwarded-For": "203.0.113.9"}
	credentials = {"usr": people["operator"], "pwd": TEST_PASSWORD}
	answer = client_at("127.0.0.2").post(
		f"{system.base}/api/method/login", data=credentials, headers=claimed, timeout=30
	)
	assert answer.ok, answer.text
	frappe.db.rollback()  # a fresh snapshot: the login was committed by another connection
	logins = frappe.get_all(
		"Activity Log",
		filters={"user": people["operator"], "operation": "Login", "status": "Success"},
		pluck="ip_address",
		order_by="creation desc",
		limit=1,
	)
	assert logins == ["127.0.0.2"]


def test_failed_log_ins_slow_down_only_the_address_they_come_from(system, people):
	"""Behind the front, the app's log-in throttle counts each client's own address, not the
	front's nor any the client claims: one address trying passwords under ever new claimed
	addresses is stopped, and does not keep a colleague out."""
	url = f"{system.base}/api/method/login"
	attacker, colleague = client_at("127.0.0.3"), client_at("127.0.0.4")
	wrong = {"usr": people["operator"], "pwd": "not the password"}
	answers = [
		attacker.post(url, data=wrong, headers={"X-Forwarded-For": f"198.51.100.{n}"}, timeout=30).status_code
		for n in range(login_throttle._limit() + 1)  # the site's limit (site config, else the default)
	]
	assert answers[-1] == 429, answers
	right = {"usr": people["operator"], "pwd": TEST_PASSWORD}
	answer = colleague.post(url, data=right, timeout=30)
	assert answer.ok, answer.text


def test_other_addresses_are_served_only_when_asked(site):
	with run_system(ARTIFACTS / "bind", processes=("web",), bind="0.0.0.0") as system:
		assert system.listening() == {("0.0.0.0", system.ports["AMBON112_PORT"])}


def test_sites_installed_before_stop_showing_tracebacks_after_migrate(site):
	from ambon_112.patches import hide_error_tracebacks

	frappe.db.set_single_value("System Settings", "allow_error_traceback", 1)
	hide_error_tracebacks.execute()
	assert frappe.db.get_single_value("System Settings", "allow_error_traceback") == 0
	patches = (REPO / "apps" / "ambon_112" / "ambon_112" / "patches.txt").read_text().split()
	assert "ambon_112.patches.hide_error_tracebacks" in patches
