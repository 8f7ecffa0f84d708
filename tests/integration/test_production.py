"""Frappe's production set-up (`setup.sh --production`: `bench setup production`, supervisor and nginx)
serves the desk and the portal through nginx and survives the kill of each process it supervises.

`bench setup production` writes the bench's config/supervisor.conf and config/nginx.conf (the code of
`bench setup supervisor` and `bench setup nginx`) and links them into /etc. This test makes the same
two files with the same bench commands and never touches /etc nor the machine's services: it runs them
under a private supervisord and a private nginx (own configs, sockets, pid and log files in a temporary
folder), on free ports, and stops every process it started.

The bench the commands run in is a view of the test bench in that folder: its apps, env and the test
site are links to the real ones, its common_site_config.json is the real one with setup.sh's production
values (sites/common_site_config.production.template.json) and free ports. Why a view: the commands
write the bench's config and ports into common_site_config.json, and nginx would serve every site of
the bench, the others on port 80; a view keeps the shared test bench unchanged. Logs (supervisord,
nginx, the view's logs/): test-artifacts/production/.

Needs nginx, supervisor (`apt-get install nginx supervisor`) and the bench CLI (frappe-bench, which
setup.sh installs): where a bench is, the test fails without them, it never skips.
"""

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

import frappe
import psutil
import pytest
import requests

from ambon_112.roles import AGENCY_STAFF
from ambon_112.security.login_throttle import DEFAULT_LIMIT
from ambon_112.tests.utils import TEST_PASSWORD, make_agency, make_user
from tests.bench import BENCH, REPO, TEST_SITE, _free_port, common_config, system_env
from tests.intake_load import integration_user, make_events, send_all, site_db, verdict
from tests.integration.test_login_throttle_http import client_at, log_in, loopback

pytestmark = pytest.mark.http

ARTIFACTS = REPO / "test-artifacts" / "production"
PRODUCTION_CONFIG = REPO / "sites" / "common_site_config.production.template.json"
BENCH_NAME = "ambon112"  # the view's folder name: bench names programs and groups after it
BENCH_CLI_VENV = Path.home() / ".local" / "share" / "ambon112" / "bench-cli" / "bin"  # setup.sh's


def tool(name: str) -> str:
	found = shutil.which(name) or shutil.which(name, path=f"{BENCH_CLI_VENV}:/usr/sbin:/sbin")
	if not found:
		hint = (
			"./setup.sh installs it (frappe-bench from PyPI)"
			if name == "bench"
			else "apt-get install -y nginx supervisor"
		)
		pytest.fail(f"PRODUCTION TEST CANNOT RUN: `{name}` is missing ({hint}); it fails, never skips", False)
	return found


def make_view(folder: Path, webserver_port: int, socketio_port: int) -> Path:
	view = folder / BENCH_NAME
	for sub in ("sites", "config/pids", "logs"):
		(view / sub).mkdir(parents=True)
	for name in ("apps", "env"):
		(view / name).symlink_to(BENCH / name, target_is_directory=True)
	for name in ("apps.txt", "apps.json", "assets", TEST_SITE):
		if (BENCH / "sites" / name).exists():
			(view / "sites" / name).symlink_to(BENCH / "sites" / name)
	config = {**common_config(), **json.loads(PRODUCTION_CONFIG.read_text())}
	# Two gunicorn workers instead of bench's 2 × cores + 1: the CI machine is shared.
	config.update(webserver_port=webserver_port, socketio_port=socketio_port, gunicorn_workers=2)
	(view / "sites" / "common_site_config.json").write_text(json.dumps(config, indent=1))
	return view


def bench_cli(view: Path, *args: str) -> str:
	"""The bench CLI in the view; its directory first on PATH, as bench writes `which bench` into
	supervisor.conf."""
	cli = tool("bench")
	env = system_env(PATH=f"{Path(cli).parent}:{os.environ['PATH']}")
	proc = subprocess.run(
		[cli, *args], cwd=view, env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL
	)
	assert proc.returncode == 0, (args, proc.stdout[-3000:], proc.stderr[-3000:])
	return proc.stdout


SUPERVISORD_CONF = """\
[unix_http_server]
file={tmp}/supervisor.sock

[supervisord]
logfile={tmp}/supervisord.log
pidfile={tmp}/supervisord.pid
childlogdir={tmp}
nodaemon=true

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{tmp}/supervisor.sock

[include]
files = {view}/config/supervisor.conf
"""

# Debian's nginx.conf, less what would write outside the folder; workers run as the bench's owner
# (production: the nginx user must be able to read the bench's sites folder, see the README).
NGINX_CONF = """\
user {user};
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 512; }}
http {{
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	access_log {tmp}/nginx-access.log;
	client_body_temp_path {tmp}/nginx-body;
	proxy_temp_path {tmp}/nginx-proxy;
	fastcgi_temp_path {tmp}/nginx-fastcgi;
	uwsgi_temp_path {tmp}/nginx-uwsgi;
	scgi_temp_path {tmp}/nginx-scgi;
	include {view}/config/nginx.conf;
}}
"""


class Production:
	def __init__(self, tmp: Path, view: Path, base: str):
		self.tmp, self.view, self.base = tmp, view, base

	def ctl(self, *args: str) -> str:
		proc = subprocess.run(
			[tool("supervisorctl"), "-c", str(self.tmp / "supervisord.conf"), *args],
			capture_output=True,
			text=True,
			timeout=120,
		)
		return proc.stdout

	def status(self) -> dict[str, tuple[str, int | None]]:
		"""group:program -> (state, pid)."""
		found = {}
		for line in self.ctl("status").splitlines():
			fields = line.split()
			if len(fields) >= 2:
				pid = re.search(r"pid (\d+)", line)
				found[fields[0]] = (fields[1], int(pid.group(1)) if pid else None)
		return found

	def all_running(self) -> bool:
		states = self.status()
		return bool(states) and all(state == "RUNNING" for state, _ in states.values())

	def answers(self) -> bool:
		try:
			return requests.get(f"{self.base}/api/method/ping", timeout=10).ok
		except requests.RequestException:
			return False


def session_processes(leader: int) -> list[int]:
	"""Every process of the session `leader` started (supervisor's programs stay in it)."""
	found = []
	for entry in Path("/proc").iterdir():
		if entry.name.isdigit():
			try:
				stat = (entry / "stat").read_text()
			except (FileNotFoundError, ProcessLookupError):
				continue
			if int(stat.rsplit(")", 1)[1].split()[3]) == leader:
				found.append(int(entry.name))
	return found


def stop(proc: subprocess.Popen, sig=signal.SIGTERM, seconds: int = 90):
	leader = proc.pid
	if proc.poll() is None:
		proc.send_signal(sig)
		try:
			proc.wait(timeout=seconds)
		except subprocess.TimeoutExpired:
			proc.kill()
			proc.wait()
	for pid in session_processes(leader):
		with contextlib.suppress(ProcessLookupError):
			os.kill(pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def production(site):
	for name in ("bench", "nginx", "supervisord", "supervisorctl"):
		tool(name)
	tmp = Path(tempfile.mkdtemp(prefix="ambon112-production-"))
	web_port, socketio_port, nginx_port = _free_port(), _free_port(), _free_port()
	site_config = BENCH / "sites" / TEST_SITE / "site_config.json"
	site_config_before = site_config.read_text()
	view = make_view(tmp, web_port, socketio_port)
	started = []
	try:
		# bench's own commands, as `bench setup production` runs them (its Redis is the system's:
		# --skip-redis; --skip-supervisord: never edit the machine's supervisord.conf).
		bench_cli(view, "set-nginx-port", TEST_SITE, str(nginx_port))
		bench_cli(view, "setup", "supervisor", "--yes", "--skip-redis", "--skip-supervisord")
		bench_cli(view, "setup", "nginx", "--yes", "--logging", "none")

		(tmp / "supervisord.conf").write_text(SUPERVISORD_CONF.format(tmp=tmp, view=view))
		supervisord = subprocess.Popen(
			[tool("supervisord"), "-n", "-c", str(tmp / "supervisord.conf")],
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
			start_new_session=True,
			# Frappe's socket.io server finds the bench from its own (real) folder unless told: the view.
			env=system_env(FRAPPE_BENCH_ROOT=str(view)),
		)
		started.append((supervisord, signal.SIGTERM))

		owner = Path(BENCH / "sites").owner()
		(tmp / "nginx.conf").write_text(NGINX_CONF.format(tmp=tmp, view=view, user=owner))
		nginx_args = [
			tool("nginx"),
			"-p",
			str(tmp),
			"-e",
			str(tmp / "nginx-error.log"),
			"-c",
			str(tmp / "nginx.conf"),
		]
		check = subprocess.run([*nginx_args, "-t"], capture_output=True, text=True)
		assert check.returncode == 0, check.stderr
		nginx = subprocess.Popen(
			[*nginx_args, "-g", "daemon off;"],
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
			start_new_session=True,
		)
		started.append((nginx, signal.SIGQUIT))

		stack = Production(tmp, view, f"http://127.0.0.1:{nginx_port}")
		deadline = time.monotonic() + 240
		while not (stack.all_running() and stack.answers()):
			assert supervisord.poll() is None and nginx.poll() is None, "supervisord or nginx exited"
			assert time.monotonic() < deadline, f"the production stack did not start: {stack.ctl('status')}"
			time.sleep(1)
		yield stack
	finally:
		for proc, sig in reversed(started):
			stop(proc, sig)
		site_config.write_text(site_config_before)
		shutil.rmtree(ARTIFACTS, ignore_errors=True)
		ARTIFACTS.mkdir(parents=True)
		for log in [*tmp.glob("*.log"), *(view / "logs").glob("*.log"), *(view / "config").glob("*.conf")]:
			shutil.copy(log, ARTIFACTS / log.name)
		shutil.rmtree(tmp, ignore_errors=True)


def programs(stack) -> list[str]:
	return sorted(stack.status())


def test_bench_supervises_web_socketio_scheduler_and_the_sized_workers(production):
	"""The programs and groups `bench setup supervisor` made, with setup.sh's queue sizing and no Redis
	of bench's own (the bench uses the system's)."""
	workers = json.loads(PRODUCTION_CONFIG.read_text())["background_workers"]
	expected = {
		f"{BENCH_NAME}-web:{BENCH_NAME}-frappe-web",
		f"{BENCH_NAME}-web:{BENCH_NAME}-node-socketio",
		f"{BENCH_NAME}-workers:{BENCH_NAME}-frappe-schedule",
		*(
			f"{BENCH_NAME}-workers:{BENCH_NAME}-frappe-{q}-worker-{n}"
			for q in ("short", "long")
			for n in range(workers)
		),
	}
	assert set(programs(production)) == expected
	conf = (production.view / "config" / "supervisor.conf").read_text()
	assert "frappe.app:application" in conf and "redis-server" not in conf


def test_desk_and_assets_are_served_through_nginx(production):
	base = production.base
	login_page = requests.get(f"{base}/login", timeout=30)
	assert login_page.status_code == 200 and 'id="login_email"' in login_page.text, login_page.text[:500]
	desk = requests.get(f"{base}/app", timeout=30, allow_redirects=False)
	assert desk.status_code in (301, 302, 303) and "/login" in desk.headers["Location"], desk.status_code
	# nginx serves /assets from the sites folder itself (its location /assets adds this header).
	asset = requests.get(f"{base}/assets/ambon_112/js/escape.js", timeout=30)
	assert asset.status_code == 200 and "ambon112" in asset.text
	assert asset.headers.get("Cache-Control") == "max-age=31536000"

	admin = requests.Session()
	response = admin.post(
		f"{base}/api/method/login", data={"usr": "Administrator", "pwd": "admin"}, timeout=30
	)
	assert response.ok, response.text[:300]
	desk = admin.get(f"{base}/app", timeout=60)
	assert desk.status_code == 200 and "frappe.boot" in desk.text


def test_agency_portal_is_served_through_nginx(production):
	user = make_user([AGENCY_STAFF], agency=make_agency("Fire"))
	frappe.db.commit()
	session = requests.Session()
	response = session.post(
		f"{production.base}/api/method/login", data={"usr": user, "pwd": TEST_PASSWORD}, timeout=30
	)
	assert response.ok and response.json().get("home_page") == "/agency", response.text[:300]
	page = session.get(f"{production.base}/agency", timeout=60)
	assert page.status_code == 200 and "Penugasan Aktif" in page.text, page.text[:500]


def test_socketio_answers_through_nginx(production):
	handshake = requests.get(f"{production.base}/socket.io/?EIO=4&transport=polling", timeout=30)
	assert handshake.status_code == 200 and handshake.text.startswith("0{"), handshake.text[:300]
	assert json.loads(handshake.text[1:])["sid"]


def test_login_throttle_counts_the_client_behind_nginx(production):
	"""nginx sets X-Forwarded-For to its client; setup.sh's production config trusts it on loopback, so
	failures count against the real client, not against nginx (which would lock everyone out)."""
	user = make_user([AGENCY_STAFF], agency=make_agency("Fire"))
	frappe.db.commit()
	attacker, desk = client_at(loopback()), client_at(loopback())
	for attempt in range(DEFAULT_LIMIT):
		assert log_in(attacker, production.base, user, "wrong").status_code == 401, attempt
	assert log_in(attacker, production.base, user, "wrong").status_code == 429
	assert log_in(desk, production.base, user, TEST_PASSWORD).status_code == 200


def restarted(production, program: str, old_pid: int) -> tuple[str | None, int | None]:
	"""Waits (up to 3 minutes) for supervisor to run `program` again under a new pid."""
	deadline = time.monotonic() + 180
	while True:
		state, pid = production.status().get(program, (None, None))
		if (state == "RUNNING" and pid != old_pid) or time.monotonic() > deadline:
			return state, pid
		time.sleep(1)


def crash(pid: int):
	"""The program dies with all its processes, as in a crash or an out-of-memory kill: gunicorn's
	master with its workers (killed alone, its workers would go on answering until they notice,
	which on a fast machine outlasts the restart), the RQ worker with its work-horse."""
	processes = [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]
	for process in processes:
		with contextlib.suppress(psutil.NoSuchProcess):
			process.send_signal(signal.SIGKILL)


def test_each_process_killed_is_restarted_by_supervisor_and_no_call_is_lost(production):
	"""For every supervised program: a PBX posts calls (each event until it is answered 2xx, as a PBX
	retries), the program crashes (SIGKILL to it and its children at once), the PBX goes on at once, through the restart, and after it;
	supervisor starts the program again, and every call is in the database exactly once with all its
	events. Killing gunicorn's master must cost the PBX retries (its workers stop with it): the
	calls did cross the outage."""
	auth = integration_user(TEST_SITE)
	db = site_db(TEST_SITE, int(common_config().get("db_port") or 3306))
	failures, report = [], []
	for program in programs(production):
		state, pid = production.status()[program]
		assert state == "RUNNING" and pid, (program, state)
		run = f"prod-{uuid.uuid4().hex[:8]}"
		call_ids, answers, retries = set(), Counter(), Counter()

		def pbx(chunk: int):
			events, ids = make_events(30, f"{run}-{chunk}", replay_share=0.2, seed=chunk)
			outcome = send_all(production.base, TEST_SITE, auth, events, clients=4)
			call_ids.update(ids)
			answers.update(outcome.answers)
			retries.update(outcome.failures)

		pbx(0)
		crash(pid)
		pbx(1)  # straight into the outage (for gunicorn: until it is back)
		state, new_pid = restarted(production, program, pid)
		pbx(2)
		with contextlib.suppress(ProcessLookupError):
			os.kill(pid, 0)
			failures.append(f"{program}: pid {pid} still alive after SIGKILL")
		if state != "RUNNING" or new_pid == pid:
			failures.append(f"{program}: not restarted ({state}, pid {new_pid})")
		result = verdict(db, run, call_ids)
		if set(answers) != {"200"} or result["lost"] or result["duplicated"] or result["inconsistent"]:
			failures.append(f"{program}: answers {dict(answers)}, {result}")
		if program.endswith("-frappe-web") and not retries:
			failures.append(f"{program}: the PBX never met the outage")
		report.append(f"{program}: pid {pid} -> {new_pid}, PBX retries {dict(retries)}, {result}")
		deadline = time.monotonic() + 180
		while not (production.all_running() and production.answers()):
			assert time.monotonic() < deadline, production.ctl("status")
			time.sleep(1)
	print("\n".join(report))
	assert not failures, failures
