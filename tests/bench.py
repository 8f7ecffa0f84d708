"""pytest plugin for the three test layers.

Layers 1 (tests/unit) and 2 (tests/metadata) need no Frappe and always run. Layer 3
(tests/integration and the DocType tests inside the app) needs a real bench: the folder in
``AMBON112_BENCH``, else ``~/ambon112-bench``. It links this checkout's app into that bench,
builds its own site (``AMBON112_TEST_SITE``, default ``ambon112-test.localhost``) from scratch,
and never touches any other site. Without a bench, layer 3 is skipped and says so loudly.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
APP_DIR = REPO / "apps" / "ambon_112"
APP_PACKAGE = APP_DIR / "ambon_112"
INTEGRATION_DIR = REPO / "tests" / "integration"

# Layers 1 and 2 import the app's pure modules straight from this checkout.
sys.path.insert(0, str(APP_DIR))

DEFAULT_BENCH = Path.home() / "ambon112-bench"
# Debian's Chromium (tests/run installs it when it may), driven by playwright in the browser tests.
CHROMIUM = (
	os.environ.get("AMBON112_CHROMIUM")
	or shutil.which("chromium")
	or shutil.which("chromium-browser")
	or "/usr/bin/chromium"
)
TEST_SITE = os.environ.get("AMBON112_TEST_SITE", "ambon112-test.localhost")
ADMIN_PASSWORD = "admin"


def system_env(**extra: str) -> dict[str, str]:
	"""The environment for a process of the system under test (bench commands, workers, servers):
	this one's, less ``CI``, plus ``extra``. Frappe reads ``CI`` as "under test": a job run in a
	worker then has ``frappe.flags.in_test`` set, and Frappe's e-mail flush marks mail as sent
	without ever opening the SMTP connection. CI runners export ``CI=1``, so without this the system
	the tests run would not behave as it does in production."""
	env = {key: value for key, value in os.environ.items() if key != "CI"}
	env.update(extra)
	return env


def find_bench() -> Path | None:
	given = os.environ.get("AMBON112_BENCH")
	bench = Path(given).expanduser() if given else DEFAULT_BENCH
	looks_like_bench = (bench / "apps" / "frappe").is_dir() and (bench / "env" / "bin" / "python").exists()
	return bench.resolve() if looks_like_bench else None


BENCH = find_bench()


def _skip_reason() -> str | None:
	if BENCH is None:
		where = os.environ.get("AMBON112_BENCH") or str(DEFAULT_BENCH)
		return f"no Frappe bench at {where} (set AMBON112_BENCH to a bench folder)"
	if importlib.util.find_spec("frappe") is None:
		return f"bench {BENCH} found, but this Python cannot import frappe: run the suite with tests/run"
	return None


SKIP_REASON = _skip_reason()


def browser_missing() -> str | None:
	"""Why the browser tests cannot run here, if they cannot."""
	if not Path(CHROMIUM).exists():
		return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set AMBON112_CHROMIUM)"
	if importlib.util.find_spec("playwright") is None:
		return "playwright is not installed (pip install -r tests/requirements.txt)"
	return None


def is_integration(path: Path) -> bool:
	path = Path(path).resolve()
	return INTEGRATION_DIR in path.parents or APP_PACKAGE in path.parents


# ---------------------------------------------------------------- collection and reporting


def pytest_ignore_collect(collection_path, config):
	# Layer-3 modules import frappe at the top; without it they cannot even be collected.
	if SKIP_REASON and collection_path.suffix == ".py" and is_integration(collection_path):
		return collection_path.name.startswith("test_")
	return None


def pytest_collection_modifyitems(session, config, items):
	for item in items:
		if is_integration(item.path):
			item.add_marker(pytest.mark.integration)
	# Uninstalling the app ends the life of the test site: it goes last.
	items.sort(key=lambda item: item.get_closest_marker("uninstall") is not None)


def pytest_report_header(config):
	if SKIP_REASON:
		return [_banner(f"LAYER 3 (integration) WILL BE SKIPPED: {SKIP_REASON}")]
	return [f"layer 3 (integration): bench {BENCH}, test site {TEST_SITE}"]


def pytest_terminal_summary(terminalreporter):
	if SKIP_REASON:
		terminalreporter.write_line(
			_banner(f"LAYER 3 (integration) SKIPPED: {SKIP_REASON}"), yellow=True, bold=True
		)
	elif _site_state.get("frappe_version"):
		terminalreporter.write_line(
			f"layer 3 (integration) ran on Frappe {_site_state['frappe_version']}, bench {BENCH}, site {TEST_SITE}"
		)


def _banner(text: str) -> str:
	line = "!" * min(110, len(text) + 8)
	return f"{line}\n!!! {text}\n{line}"


# ---------------------------------------------------------------- the bench and the test site

_site_state: dict = {}


def bench_cmd(*args: str, site: str | None = TEST_SITE, check: bool = True, timeout: int = 900):
	"""Run a bench command the way the bench CLI does, without needing the CLI on PATH."""
	cmd = [str(BENCH / "env" / "bin" / "python"), "-m", "frappe.utils.bench_helper", "frappe"]
	if site:
		cmd += ["--site", site]
	cmd += list(args)
	proc = subprocess.run(
		cmd,
		cwd=BENCH / "sites",
		capture_output=True,
		text=True,
		stdin=subprocess.DEVNULL,
		timeout=timeout,
		env=system_env(PYTHONUNBUFFERED="1"),
	)
	if check and proc.returncode != 0:
		tail = (proc.stdout + proc.stderr)[-4000:]
		raise RuntimeError(f"bench {' '.join(args)} failed ({proc.returncode}):\n{tail}")
	return proc


def common_config() -> dict:
	return json.loads((BENCH / "sites" / "common_site_config.json").read_text())


def link_app_into_bench():
	"""Point the bench's apps/ambon_112 at this checkout and make its Python import it from here."""
	link = BENCH / "apps" / "ambon_112"
	if link.exists() and not link.is_symlink():
		if link.resolve() != APP_DIR.resolve():
			raise RuntimeError(f"{link} is a real folder, not a link to this checkout: use another bench")
	else:
		if link.is_symlink():
			link.unlink()
		link.symlink_to(APP_DIR, target_is_directory=True)
	# /assets/ambon_112 serves the app's public folder (desk scripts), as `bench build` links it.
	assets = BENCH / "sites" / "assets" / "ambon_112"
	public = APP_PACKAGE / "public"
	if not assets.exists() or assets.resolve() != public.resolve():
		if assets.is_symlink():
			assets.unlink()
		if not assets.exists():
			assets.parent.mkdir(parents=True, exist_ok=True)
			assets.symlink_to(public, target_is_directory=True)
	apps_txt = BENCH / "sites" / "apps.txt"
	apps = [a.strip() for a in apps_txt.read_text().splitlines() if a.strip()]
	if "ambon_112" not in apps:
		apps_txt.write_text("\n".join([*apps, "ambon_112"]) + "\n")
	python = str(BENCH / "env" / "bin" / "python")
	where = subprocess.run(
		[python, "-c", "import ambon_112, os; print(os.path.realpath(ambon_112.__file__))"],
		capture_output=True,
		text=True,
		cwd=BENCH / "sites",
	).stdout.strip()
	if not where.startswith(str(APP_PACKAGE.resolve())):
		subprocess.run(
			[python, "-m", "pip", "install", "--quiet", "--no-deps", "-e", str(APP_DIR)],
			check=True,
			capture_output=True,
		)


def schema_snapshot() -> list:
	"""Columns and indexes of every ambon_112 table: a second migrate must leave them unchanged."""
	import frappe

	doctypes = frappe.get_all("DocType", filters={"module": ("in", app_modules())}, pluck="name")
	tables = [f"tab{d}" for d in doctypes]
	columns = frappe.db.sql(
		"""select table_name, column_name, column_type, is_nullable, column_default
		from information_schema.columns where table_schema = database() and table_name in %(t)s
		order by table_name, column_name""",
		{"t": tables},
	)
	indexes = frappe.db.sql(
		"""select table_name, index_name, column_name, non_unique from information_schema.statistics
		where table_schema = database() and table_name in %(t)s order by table_name, index_name, seq_in_index""",
		{"t": tables},
	)
	return [list(map(list, columns)), list(map(list, indexes))]


def app_modules() -> list[str]:
	return [m.strip() for m in (APP_PACKAGE / "modules.txt").read_text().splitlines() if m.strip()]


def connect(site: str = TEST_SITE):
	import frappe

	# Frappe finds its logs and files relative to the sites folder, as under the bench CLI.
	os.chdir(BENCH / "sites")
	frappe.init(site=site, sites_path=".")
	frappe.connect()
	frappe.flags.in_test = True
	frappe.set_user("Administrator")


def database_answers(config: dict) -> bool:
	host, port = config.get("db_host") or "127.0.0.1", int(config.get("db_port") or 3306)
	with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=5):
		return True
	return False


def ensure_database(config: dict):
	"""MariaDB must answer before a site is built. The machine starts it before a run; when it is down
	(it crashed, or whoever restarted it took it along when they left) and this user may start the
	service, start it, loudly, rather than fail every layer-3 test on a connection error."""
	if database_answers(config):
		return
	sys.stderr.write(
		_banner("tests: MariaDB does not answer; starting it with `service mariadb start`") + "\n"
	)
	if os.geteuid() == 0 and shutil.which("service"):
		subprocess.run(["service", "mariadb", "start"], capture_output=True, timeout=120)
		for _ in range(30):
			if database_answers(config):
				return
			time.sleep(1)
	where = f"{config.get('db_host') or '127.0.0.1'}:{config.get('db_port') or 3306}"
	raise RuntimeError(
		f"MariaDB at {where} does not answer (and could not be started): start it and run again"
	)


def create_site(site: str):
	"""Drop ``site`` if it exists, then create it with the app installed and migrated twice."""
	import frappe

	state = {}
	config = common_config()
	ensure_database(config)
	root_user = os.environ.get("AMBON112_DB_ROOT_USER") or config.get("root_login") or "root"
	root_password = os.environ.get("AMBON112_DB_ROOT_PASSWORD") or config.get("root_password") or ""
	root = ["--db-root-username", root_user, "--db-root-password", root_password]
	bench_cmd("drop-site", site, "--force", "--no-backup", *root, site=None, check=False)
	subprocess.run(["rm", "-rf", str(BENCH / "sites" / site)], check=True)
	bench_cmd("new-site", site, "--admin-password", ADMIN_PASSWORD, *root, "--no-mariadb-socket", site=None)
	state["install_output"] = bench_cmd("install-app", "ambon_112", site=site).stdout
	bench_cmd("migrate", site=site)
	connect(site)
	state["schema_after_first_migrate"] = schema_snapshot()
	frappe.destroy()
	state["second_migrate_output"] = bench_cmd("migrate", site=site).stdout
	return state


def open_site(site: str = TEST_SITE, fresh: bool = True) -> dict:
	"""Connect to ``site`` (creating it first when fresh or missing) with Ambon's reference data loaded."""
	import frappe

	link_app_into_bench()
	reuse = not fresh and (BENCH / "sites" / site).is_dir()
	state = {} if reuse else create_site(site)
	connect(site)
	# Frappe refuses a 61st new user within an hour (sign-up abuse); the tests make their own users,
	# and runs on a reused site add up.
	from frappe.installer import update_site_config

	update_site_config("throttle_user_limit", 100_000)
	state["schema_after_second_migrate"] = schema_snapshot()
	from ambon_112.setup.reference_data import load_reference_data

	state["reference_counts"] = load_reference_data(str(REPO / "fixtures"))
	frappe.db.commit()
	state["frappe_version"] = frappe.__version__
	state["reused"] = reuse
	return state


def build_test_site():
	"""A fresh test site (AMBON112_REUSE_SITE=1 keeps an existing one, for quick local runs)."""
	_site_state.update(open_site(TEST_SITE, fresh=os.environ.get("AMBON112_REUSE_SITE") != "1"))


def ensure_site():
	"""Build the test site once per session; a failed build fails every layer-3 test quickly."""
	if "error" in _site_state:
		raise RuntimeError(f"the test site could not be built: {_site_state['error']}")
	if "frappe_version" not in _site_state:
		try:
			build_test_site()
		except Exception as e:
			_site_state["error"] = e
			raise


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
	# Where a bench is, the browser tests run: a machine without Chromium fails them, loudly.
	if (
		item.get_closest_marker("browser") is not None
		and BENCH is not None
		and (missing := browser_missing())
	):
		pytest.fail(
			f"BROWSER TEST CANNOT RUN: {missing}; a bench is present, so this fails, never skips", False
		)
	# Before any fixture: FrappeTestCase.setUpClass already needs a connected site.
	if item.get_closest_marker("integration") is not None and not SKIP_REASON:
		ensure_site()


@pytest.fixture(scope="session")
def site():
	"""The test site, connected in this process as Administrator; yields facts about its set-up."""
	if SKIP_REASON:
		pytest.skip(SKIP_REASON)
	ensure_site()
	import frappe

	assert frappe.local.site == TEST_SITE, f"connected to {frappe.local.site}, not the test site"
	return _site_state


@pytest.fixture(autouse=True)
def _integration_site(request):
	"""Every layer-3 test runs against the test site, as Administrator, and leaves nothing behind."""
	if request.node.get_closest_marker("integration") is None:
		yield
		return
	request.getfixturevalue("site")
	import frappe

	frappe.set_user("Administrator")
	frappe.local.cache = {}
	yield
	frappe.set_user("Administrator")
	if request.node.get_closest_marker("http") is None and getattr(frappe.local, "db", None):
		frappe.db.rollback()


# ---------------------------------------------------------------- HTTP


def _free_port() -> int:
	with socket.socket() as s:
		s.bind(("127.0.0.1", 0))
		return s.getsockname()[1]


@contextmanager
def _process(command: list[str], what: str, ready, log_path: Path | None, seconds: float, **popen):
	"""Starts a server process, waits until `ready()` is true, stops it on exit."""
	log = open(log_path, "w") if log_path else subprocess.DEVNULL
	proc = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, **popen)
	deadline = time.monotonic() + seconds
	while not ready():
		if time.monotonic() > deadline or proc.poll() is not None:
			proc.kill()
			raise RuntimeError(f"{what} did not start: see {log_path}")
		time.sleep(0.3)
	try:
		yield proc
	finally:
		proc.terminate()
		try:
			proc.wait(timeout=20)
		except subprocess.TimeoutExpired:
			proc.kill()


@contextmanager
def gunicorn(
	app: str = "frappe.app:application",
	workers: int = 4,
	log_path: Path | None = None,
	env: dict | None = None,
	site: str = TEST_SITE,
):
	"""gunicorn serving the bench on a free loopback port; yields its base URL, stops it on exit.
	`env` adds environment variables; an `app` from this repository's tests package is importable.
	It is ready when `site` answers."""
	import requests

	port = _free_port()
	base = f"http://127.0.0.1:{port}"

	def answers() -> bool:
		try:
			return requests.get(f"{base}/api/method/ping", headers=site_headers(site), timeout=10).ok
		except requests.RequestException:
			return False

	command = [
		str(BENCH / "env" / "bin" / "python"), "-m", "gunicorn", "-b", f"127.0.0.1:{port}",
		"-w", str(workers), "-t", "120", "--pythonpath", str(REPO), app,
	]  # fmt: skip
	with _process(
		command, "gunicorn", answers, log_path, 60, cwd=BENCH / "sites", env=system_env(**(env or {}))
	):
		yield base


PROCFILE = REPO / "sites" / "Procfile.template"


class RunningSystem:
	"""The processes of one run of PROCFILE (honcho and its children) and where they answer."""

	def __init__(self, honcho: subprocess.Popen, ports: dict[str, int]):
		self.honcho = honcho
		self.ports = ports
		self.base = f"http://127.0.0.1:{ports['AMBON112_PORT']}"

	def pids(self) -> set[int]:
		"""honcho and every process below it."""
		children: dict[int, list[int]] = {}
		for entry in Path("/proc").iterdir():
			if not entry.name.isdigit():
				continue
			try:
				stat = (entry / "stat").read_text()
			except (FileNotFoundError, ProcessLookupError, PermissionError):
				continue
			# pid (comm) state ppid …: comm may hold spaces, so split after its closing parenthesis
			children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
		found, todo = set(), [self.honcho.pid]
		while todo:
			pid = todo.pop()
			found.add(pid)
			todo.extend(children.get(pid, []))
		return found

	def command_lines(self) -> list[str]:
		lines = []
		for pid in self.pids():
			try:
				lines.append(Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode())
			except (FileNotFoundError, ProcessLookupError):
				pass
		return lines

	def listening(self) -> set[tuple[str, int]]:
		"""(address, port) of every TCP socket these processes listen on."""
		inodes = set()
		for pid in self.pids():
			try:
				for fd in os.listdir(f"/proc/{pid}/fd"):
					target = os.readlink(f"/proc/{pid}/fd/{fd}")
					if target.startswith("socket:["):
						inodes.add(target[8:-1])
			except (FileNotFoundError, ProcessLookupError, PermissionError):
				continue
		found = set()
		for table, family in (("/proc/net/tcp", socket.AF_INET), ("/proc/net/tcp6", socket.AF_INET6)):
			for line in Path(table).read_text().splitlines()[1:]:
				fields = line.split()
				if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
					address, port = fields[1].split(":")
					raw = bytes.fromhex(address)
					# the kernel prints each 32-bit word of the address in host (little-endian) order
					raw = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
					found.add((socket.inet_ntop(family, raw), int(port, 16)))
		return found


def _listens(port: int) -> bool:
	try:
		socket.create_connection(("127.0.0.1", port), timeout=1).close()
		return True
	except OSError:
		return False


@contextmanager
def run_system(
	artifacts: Path,
	processes: tuple[str, ...] = (),
	bind: str = "127.0.0.1",
	env: dict | None = None,
	procfile: Path = PROCFILE,
	workers: int = 2,
	site: str = TEST_SITE,
):
	"""The system as the README's run command runs it, serving the test site on free ports.

	setup.sh copies sites/Procfile.template into the bench, writes the site and the address to the
	bench's .env and runs `bench start --no-dev`, which is honcho (`bench start` execs it) on that
	Procfile and .env in the bench folder. This runs the same honcho on the same Procfile, in the
	bench folder, with an env file of its own (the test site, free ports, two gunicorn workers).
	`processes` names Procfile entries (all when empty); `env` adds to honcho's environment;
	`workers`: gunicorn's; `site`: the site served (a benchmark's own, else the test site).
	Yields a RunningSystem; stops everything on exit. honcho's output goes to artifacts/honcho.log.
	"""
	import requests

	artifacts.mkdir(parents=True, exist_ok=True)
	ports = {
		"AMBON112_PORT": _free_port(),
		"AMBON112_WEB_PORT": _free_port(),
		"AMBON112_SOCKETIO_PORT": _free_port(),
	}
	values = {"AMBON112_SITE": site, "AMBON112_BIND": bind, "AMBON112_WEB_WORKERS": workers, **ports}
	env_file = artifacts / "run.env"
	env_file.write_text("".join(f"{key}={value}\n" for key, value in values.items()))
	command = [
		str(BENCH / "env" / "bin" / "python"), "-m", "honcho", "start", "--no-colour",
		"-d", str(BENCH), "-f", str(procfile), "-e", str(env_file), *processes,
	]  # fmt: skip
	started = set(processes) or {"web", "gunicorn", "socketio"}
	base = f"http://127.0.0.1:{ports['AMBON112_PORT']}"

	def ready() -> bool:
		if "gunicorn" in started and not _listens(ports["AMBON112_WEB_PORT"]):
			return False
		if "socketio" in started and not _listens(ports["AMBON112_SOCKETIO_PORT"]):
			return False
		if "web" not in started:
			return True
		if "gunicorn" not in started:
			return _listens(ports["AMBON112_PORT"])
		try:
			return requests.get(f"{base}/api/method/ping", timeout=10).ok
		except requests.RequestException:
			return False

	log_path = artifacts / "honcho.log"
	with open(log_path, "w") as log:
		honcho = subprocess.Popen(
			command,
			cwd=BENCH,
			stdout=log,
			stderr=subprocess.STDOUT,
			env=system_env(PYTHONUNBUFFERED="true", **(env or {})),
		)
	system = RunningSystem(honcho, ports)
	try:
		deadline = time.monotonic() + 120
		while not ready():
			if time.monotonic() > deadline or honcho.poll() is not None:
				raise RuntimeError(f"the system (sites/Procfile.template) did not start: see {log_path}")
			time.sleep(0.3)
		yield system
	finally:
		# honcho stops its processes on SIGTERM; whatever is left after it is killed here.
		try:
			leftover = system.pids() - {honcho.pid}
		except OSError:
			leftover = set()
		honcho.terminate()
		try:
			honcho.wait(timeout=40)
		except subprocess.TimeoutExpired:
			honcho.kill()
		for pid in leftover:
			with contextlib.suppress(ProcessLookupError):
				os.kill(pid, signal.SIGKILL)


@contextmanager
def live_site(artifacts: Path, redis_url: str | None = None, workers: int = 2):
	"""The test site as the README's run command serves it to a browser: the front, gunicorn and
	Frappe's socket.io server of sites/Procfile.template (pages reach socket.io on their own origin,
	/socket.io/, as behind nginx in production); yields the base URL. The scheduler and the worker
	stay off: tests run their jobs themselves. `redis_url`: the Redis the socket.io server reads
	(the site's config must name the same for gunicorn); `workers`: gunicorn's."""
	env = {"FRAPPE_REDIS_QUEUE": redis_url, "FRAPPE_REDIS_CACHE": redis_url} if redis_url else None
	processes = ("web", "gunicorn", "socketio")
	with run_system(artifacts, processes=processes, env=env, workers=workers) as system:
		yield system.base


@pytest.fixture(scope="session")
def server(site):
	"""gunicorn serving the bench, as in production; requests name the test site in a header."""
	with gunicorn(log_path=_artifacts() / "gunicorn.log") as base:
		yield base


def site_headers(site: str = TEST_SITE) -> dict:
	return {"X-Frappe-Site-Name": site, "Accept": "application/json"}


def login(server: str, user: str, password: str | None = None):
	"""A requests session logged in as ``user`` (with the factories' password unless given) that sends
	its CSRF token on every request, as Frappe's pages do: read from ``frappe.csrf_token`` on a page,
	as a browser gets it."""
	import requests

	from ambon_112.tests.utils import TEST_PASSWORD

	session = requests.Session()
	session.headers.update(site_headers())
	response = session.post(
		f"{server}/api/method/login", data={"usr": user, "pwd": password or TEST_PASSWORD}, timeout=30
	)
	assert response.ok, response.text
	session.headers["X-Frappe-CSRF-Token"] = page_csrf_token(session, server)
	return session


def page_csrf_token(session, server: str, path: str = "/me") -> str:
	"""The CSRF token a page of ``path`` gives its scripts (``frappe.csrf_token``)."""
	import re

	page = session.get(f"{server}{path}", timeout=30)
	found = re.search(r'frappe\.csrf_token = "(\w+)"', page.text)
	assert page.ok and found, (path, page.status_code, page.text[:300])
	return found.group(1)


def error_message(response) -> str:
	"""The messages a refused request shows its user (responses carry no traceback: see serving/)."""
	import json

	return " ".join(
		json.loads(m)["message"] for m in json.loads(response.json().get("_server_messages") or "[]")
	)


def _artifacts() -> Path:
	folder = REPO / "test-artifacts"
	folder.mkdir(exist_ok=True)
	return folder
