"""pytest plugin for the three test layers.

Layers 1 (tests/unit) and 2 (tests/metadata) need no Frappe and always run. Layer 3
(tests/integration and the DocType tests inside the app) needs a real bench: the folder in
``AMBON112_BENCH``, else ``~/ambon112-bench``. It links this checkout's app into that bench,
builds its own site (``AMBON112_TEST_SITE``, default ``ambon112-test.localhost``) from scratch,
and never touches any other site. Without a bench, layer 3 is skipped and says so loudly.
"""

from __future__ import annotations

import importlib.util
import json
import os
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
TEST_SITE = os.environ.get("AMBON112_TEST_SITE", "ambon112-test.localhost")
ADMIN_PASSWORD = "admin"


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
		env={**os.environ, "PYTHONUNBUFFERED": "1"},
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


def create_site(site: str):
	"""Drop ``site`` if it exists, then create it with the app installed and migrated twice."""
	import frappe

	state = {}
	config = common_config()
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
	# Before any fixture: FrappeTestCase.setUpClass already needs a connected site.
	if item.get_closest_marker("integration") is not None and not SKIP_REASON:
		ensure_site()


@pytest.fixture(scope="session")
def site():
	"""The test site, connected in this process as Administrator; yields facts about its set-up."""
	if SKIP_REASON:
		pytest.skip(SKIP_REASON)
	ensure_site()
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
):
	"""gunicorn serving the bench on a free loopback port; yields its base URL, stops it on exit.
	`env` adds environment variables; an `app` from this repository's tests package is importable."""
	import requests

	port = _free_port()
	base = f"http://127.0.0.1:{port}"

	def answers() -> bool:
		try:
			return requests.get(f"{base}/api/method/ping", headers=site_headers(), timeout=10).ok
		except requests.RequestException:
			return False

	command = [
		str(BENCH / "env" / "bin" / "python"), "-m", "gunicorn", "-b", f"127.0.0.1:{port}",
		"-w", str(workers), "-t", "120", "--pythonpath", str(REPO), app,
	]  # fmt: skip
	with _process(
		command, "gunicorn", answers, log_path, 60, cwd=BENCH / "sites", env={**os.environ, **(env or {})}
	):
		yield base


@contextmanager
def socketio_server(log_path: Path | None = None):
	"""Frappe's own realtime server (`node apps/frappe/socketio.js`, as `bench start` runs it) on a
	free loopback port, reading the bench's Redis; yields the port. Pages served on 127.0.0.1 belong
	to the test site (FRAPPE_SITE), whatever the bench's default site is."""
	port = _free_port()

	def listens() -> bool:
		try:
			socket.create_connection(("127.0.0.1", port), timeout=1).close()
			return True
		except OSError:
			return False

	env = {
		**os.environ,
		"FRAPPE_BENCH_ROOT": str(BENCH),
		"FRAPPE_SOCKETIO_PORT": str(port),
		"FRAPPE_SITE": TEST_SITE,
	}
	command = ["node", str(BENCH / "apps" / "frappe" / "socketio.js")]
	with _process(command, "the socket.io server", listens, log_path, 30, cwd=BENCH, env=env):
		yield port


@contextmanager
def live_site(artifacts: Path):
	"""The test site as `bench start` serves it to a browser: gunicorn as a development server
	(DEV_SERVER=1: pages connect to the socket.io port) beside Frappe's socket.io server; yields the
	base URL. The web server is pinned to the test site (tests/pinned_site.py)."""
	from frappe.installer import update_site_config

	artifacts.mkdir(parents=True, exist_ok=True)
	with socketio_server(log_path=artifacts / "socketio.log") as port:
		update_site_config("socketio_port", port)  # pages read it from the site's config
		try:
			with gunicorn(
				"tests.pinned_site:application",
				workers=2,
				log_path=artifacts / "gunicorn.log",
				env={"DEV_SERVER": "1", "AMBON112_PINNED_SITE": TEST_SITE},
			) as base:
				yield base
		finally:
			update_site_config("socketio_port", "None")


@pytest.fixture(scope="session")
def server(site):
	"""gunicorn serving the bench, as in production; requests name the test site in a header."""
	with gunicorn(log_path=_artifacts() / "gunicorn.log") as base:
		yield base


def site_headers() -> dict:
	return {"X-Frappe-Site-Name": TEST_SITE, "Accept": "application/json"}


def _artifacts() -> Path:
	folder = REPO / "test-artifacts"
	folder.mkdir(exist_ok=True)
	return folder
