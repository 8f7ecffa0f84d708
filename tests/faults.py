"""Services a fault test owns and can break: a private redis-server, a private MariaDB server, an SMTP
server that answers or stays silent, and `bench worker` processes. Each listens on a free loopback
port, never touches the machine's own services, and is stopped when its context ends."""

from __future__ import annotations

import contextlib
import email
import email.policy
import json
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

from tests.bench import BENCH, TEST_SITE, _free_port, system_env


def wait_for(condition, seconds: float, what: str, every: float = 0.2):
	deadline = time.monotonic() + seconds
	while True:
		value = condition()
		if value:
			return value
		if time.monotonic() > deadline:
			raise AssertionError(f"timed out after {seconds} s waiting for {what}")
		time.sleep(every)


def listening(port: int) -> bool:
	try:
		socket.create_connection(("127.0.0.1", port), timeout=1).close()
		return True
	except OSError:
		return False


# ---------------------------------------------------------------- Redis


class PrivateRedis:
	"""A redis-server of the test's own: no persistence, so a kill loses everything, as a crash would."""

	def __init__(self, port: int | None = None):
		self.port = port or _free_port()
		self.url = f"redis://127.0.0.1:{self.port}"
		self.proc = None

	def start(self):
		self.proc = subprocess.Popen(
			["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
			 "--appendonly", "no", "--daemonize", "no"],
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
		)  # fmt: skip
		wait_for(lambda: self.ping(), 20, f"redis-server on port {self.port}")

	def kill(self):
		if self.proc and self.proc.poll() is None:
			self.proc.kill()
			self.proc.wait(timeout=10)
		wait_for(lambda: not listening(self.port), 10, "redis-server to go")

	def ping(self) -> bool:
		import redis

		try:
			return redis.Redis.from_url(self.url, socket_connect_timeout=1).ping()
		except redis.exceptions.ConnectionError:
			return False

	def client(self):
		import redis

		return redis.Redis.from_url(self.url, socket_connect_timeout=1, socket_timeout=2)


@contextmanager
def private_redis():
	server = PrivateRedis()
	server.start()
	try:
		yield server
	finally:
		server.kill()


REDIS_KEYS = ("redis_cache", "redis_queue", "redis_socketio")


@contextmanager
def site_redis(url: str, site: str = TEST_SITE):
	"""The site's config names `url` for cache, queue and realtime (processes started inside read it);
	put back afterwards."""
	path = BENCH / "sites" / site / "site_config.json"
	before = path.read_text()
	config = json.loads(before)
	path.write_text(json.dumps({**config, **{key: url for key in REDIS_KEYS}}, indent=1))
	try:
		yield
	finally:
		path.write_text(before)


# ---------------------------------------------------------------- SMTP


class SMTPServer(socketserver.ThreadingTCPServer):
	"""A loopback SMTP server that keeps every message it accepted. ``silent``: it accepts connections
	and never says a word, as a provider that hangs does; clients wait until their own timeout."""

	daemon_threads = True
	allow_reuse_address = True

	def __init__(self, silent: bool = False):
		self.silent = silent
		self.messages: list[bytes] = []
		self.connections = 0
		self.closing = threading.Event()
		super().__init__(("127.0.0.1", 0), _SMTPHandler)
		self.port = self.server_address[1]
		self.thread = threading.Thread(target=self.serve_forever, daemon=True)
		self.thread.start()

	def stop(self):
		self.closing.set()
		self.shutdown()
		self.server_close()

	def texts(self) -> list[str]:
		"""Each accepted message as a reader sees it: headers and every part decoded. The raw bytes
		may break a word over a quoted-printable line end, so a search must look here."""
		texts = []
		for raw in self.messages:
			message = email.message_from_bytes(raw, policy=email.policy.default)
			parts = [str(message.get("Subject", ""))]
			for part in message.walk():
				if not part.is_multipart():
					payload = part.get_payload(decode=True) or b""
					parts.append(payload.decode(part.get_content_charset() or "utf-8", errors="replace"))
			texts.append("\n".join(parts))
		return texts


class _SMTPHandler(socketserver.StreamRequestHandler):
	def handle(self):
		server: SMTPServer = self.server
		server.connections += 1
		if server.silent:
			server.closing.wait()
			return
		self.reply("220 sink ESMTP")
		while not server.closing.is_set():
			line = self.rfile.readline()
			if not line:
				return
			verb = line.decode(errors="replace").strip().split(" ")[0].upper()
			if verb == "EHLO":
				self.reply("250-sink", "250 8BITMIME")
			elif verb == "DATA":
				self.reply("354 go ahead")
				data = []
				while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
					data.append(chunk)
				server.messages.append(b"".join(data))
				self.reply("250 queued")
			elif verb == "QUIT":
				self.reply("221 bye")
				return
			else:
				self.reply("250 ok")

	def reply(self, *lines: str):
		self.wfile.write("".join(f"{line}\r\n" for line in lines).encode())


@contextmanager
def smtp_server(silent: bool = False):
	server = SMTPServer(silent=silent)
	try:
		yield server
	finally:
		server.stop()


# ---------------------------------------------------------------- bench worker


class Worker:
	"""`bench worker` for one site, in its own process group: a kill takes its job's work-horse too."""

	def __init__(self, site: str = TEST_SITE, queue: str = "default", log_path: Path | None = None):
		self.site, self.queue, self.log_path, self.proc = site, queue, log_path, None

	def start(self):
		command = [
			str(BENCH / "env" / "bin" / "python"), "-m", "frappe.utils.bench_helper", "frappe",
			"--site", self.site, "worker", "--queue", self.queue,
		]  # fmt: skip
		log = open(self.log_path, "a") if self.log_path else subprocess.DEVNULL
		self.proc = subprocess.Popen(
			command,
			cwd=BENCH / "sites",
			stdout=log,
			stderr=subprocess.STDOUT,
			start_new_session=True,
			env=system_env(),
		)

	def kill(self):
		"""SIGKILL to the worker and its work-horse at once: no handler runs, no cleanup is done. The
		horse is found as a child: RQ starts it in a session of its own (os.setsid)."""
		if self.proc and self.proc.poll() is None:
			for pid in descendants(self.proc.pid):
				with contextlib.suppress(ProcessLookupError):
					os.kill(pid, signal.SIGKILL)
			os.killpg(self.proc.pid, signal.SIGKILL)
			self.proc.wait(timeout=20)

	def stop(self):
		if self.proc and self.proc.poll() is None:
			os.killpg(self.proc.pid, signal.SIGTERM)
			try:
				self.proc.wait(timeout=30)
			except subprocess.TimeoutExpired:
				self.kill()


def descendants(pid: int) -> list[int]:
	children: dict[int, list[int]] = {}
	for entry in Path("/proc").iterdir():
		if entry.name.isdigit():
			with contextlib.suppress(OSError):
				# pid (comm) state ppid …: comm may hold spaces, so split after its closing parenthesis
				ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
				children.setdefault(ppid, []).append(int(entry.name))
	found, todo = [], list(children.get(pid, []))
	while todo:
		child = todo.pop()
		found.append(child)
		todo.extend(children.get(child, []))
	return found


@contextmanager
def bench_worker(**kwargs):
	worker = Worker(**kwargs)
	worker.start()
	try:
		yield worker
	finally:
		worker.stop()


# ---------------------------------------------------------------- MariaDB


class PrivateMariaDB:
	"""A mariadbd of the test's own (data folder, port, socket), with an admin user that may create
	sites. Restarting it is the test's to do; the machine's MariaDB is never touched."""

	ADMIN, PASSWORD = "ambon112_faults", "ambon112-faults"

	def __init__(self, folder: Path, options: tuple[str, ...] = ()):
		self.options = list(options)  # more mariadbd options (they come last, so they win)
		self.folder = Path(folder)
		self.data = self.folder / "data"
		self.socket = self.folder / "mysqld.sock"
		self.port_file = self.folder / "port"
		self.port = int(self.port_file.read_text()) if self.port_file.exists() else _free_port()
		self.proc = None

	@property
	def installed(self) -> bool:
		return (self.data / "mysql").is_dir()

	def install(self):
		shutil.rmtree(self.folder, ignore_errors=True)
		self.folder.mkdir(parents=True)
		self.port_file.write_text(str(self.port))
		subprocess.run(
			["mariadb-install-db", "--no-defaults", f"--datadir={self.data}", "--user=root",
			 "--auth-root-authentication-method=socket", "--skip-test-db"],
			check=True, capture_output=True, timeout=600,
		)  # fmt: skip
		self.start()
		self.sql(
			f"create user '{self.ADMIN}'@'%' identified by '{self.PASSWORD}';"
			f"grant all privileges on *.* to '{self.ADMIN}'@'%' with grant option;"
		)

	def start(self):
		if listening(self.port):
			raise RuntimeError(f"port {self.port} is taken: not our MariaDB")
		self.proc = subprocess.Popen(
			["mariadbd", "--no-defaults", f"--datadir={self.data}", "--user=root",
			 f"--port={self.port}", "--bind-address=127.0.0.1", f"--socket={self.socket}",
			 f"--pid-file={self.folder / 'mysqld.pid'}", f"--log-error={self.folder / 'error.log'}",
			 "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci",
			 "--innodb-buffer-pool-size=128M", "--innodb-log-file-size=64M", "--skip-log-bin",
			 "--innodb-flush-log-at-trx-commit=1", "--max-connections=200", *self.options],
			stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
		)  # fmt: skip
		wait_for(self.ready, 120, f"mariadbd on port {self.port}", every=0.5)

	def ready(self) -> bool:
		if self.proc and self.proc.poll() is not None:
			raise RuntimeError(f"mariadbd exited: see {self.folder / 'error.log'}")
		return self.socket.exists() and listening(self.port)

	def kill(self):
		"""A crash: SIGKILL, then InnoDB recovers on the next start."""
		if self.proc and self.proc.poll() is None:
			self.proc.kill()
			self.proc.wait(timeout=30)
		wait_for(lambda: not listening(self.port), 30, "mariadbd to go")

	def stop(self):
		if self.proc and self.proc.poll() is None:
			self.proc.terminate()
			try:
				self.proc.wait(timeout=60)
			except subprocess.TimeoutExpired:
				self.kill()

	def restart(self):
		self.kill()
		self.start()

	def sql(self, statements: str):
		subprocess.run(
			["mariadb", "--no-defaults", f"--socket={self.socket}", "-u", "root", "-e", statements],
			check=True, capture_output=True, timeout=60,
		)  # fmt: skip

	def query(self, sql: str) -> str:
		"""What `sql` prints, as root over the socket (tab-separated, no column names)."""
		return subprocess.run(
			["mariadb", "--no-defaults", f"--socket={self.socket}", "-u", "root", "-N", "-e", sql],
			check=True, capture_output=True, text=True, timeout=60,
		).stdout.strip()  # fmt: skip

	def slave_status(self) -> dict[str, str]:
		"""SHOW SLAVE STATUS as name -> value (empty: no replica)."""
		out = subprocess.run(
			["mariadb", "--no-defaults", f"--socket={self.socket}", "-u", "root", "-E", "-e", "show slave status"],
			check=True, capture_output=True, text=True, timeout=60,
		).stdout  # fmt: skip
		pairs = (line.split(":", 1) for line in out.splitlines() if ":" in line and not line.startswith("*"))
		return {name.strip(): value.strip() for name, value in pairs}

	def global_status(self, name: str) -> str:
		return self.query(f"show global status like '{name}'").split("\t")[1]


def mariadb_folder(site: str) -> Path:
	return Path(tempfile.gettempdir()) / f"ambon112-faults-mariadb-{site}"


@contextmanager
def site_on_private_mariadb(site: str, reuse: bool):
	"""A site of its own on a private MariaDB, with the app installed; yields the server. With
	``reuse`` an earlier run's server and site serve again (quick local runs) and are kept;
	otherwise both are removed at the end."""
	from tests.bench import bench_cmd, link_app_into_bench

	link_app_into_bench()
	server = PrivateMariaDB(mariadb_folder(site))
	fresh = not (reuse and server.installed and (BENCH / "sites" / site).is_dir())
	if fresh:
		server.install()
	else:
		server.start()
	try:
		if fresh:
			subprocess.run(["rm", "-rf", str(BENCH / "sites" / site)], check=True)
			bench_cmd(
				"new-site", site, "--admin-password", "admin", "--db-host", "127.0.0.1",
				"--db-port", str(server.port), "--db-root-username", server.ADMIN,
				"--db-root-password", server.PASSWORD, "--no-mariadb-socket", site=None,
			)  # fmt: skip
			bench_cmd("install-app", "ambon_112", site=site)
		yield server
	finally:
		server.stop()
		if not reuse:
			subprocess.run(["rm", "-rf", str(BENCH / "sites" / site)], check=True)
			shutil.rmtree(server.folder, ignore_errors=True)


# Semi-synchronous replication (README, Continuity): the primary answers a commit only once the
# replica has received it (AFTER_SYNC: before any other client can see it); after the timeout
# without an answer it goes on alone, asynchronously, and says so (Rpl_semi_sync_master_status).
SEMI_SYNC_PRIMARY = (
	"--rpl-semi-sync-master-enabled=ON",
	"--rpl-semi-sync-master-wait-point=AFTER_SYNC",
	"--rpl-semi-sync-master-timeout=10000",
)
SEMI_SYNC_REPLICA = ("--rpl-semi-sync-slave-enabled=ON",)


@contextmanager
def replicated_site(site: str, backup: str, db_name: str, db_password: str, semi_sync: bool = False):
	"""Two private mariadbd, a primary (binary log, GTID) and a replica following it (semi-synchronous
	when asked), and `site` restored on the primary from the database dump `backup` by Frappe's
	restore; once the replica has caught up, the site's config reads from it (read_from_replica) and
	names the servers' administrator (root_login, as Frappe's commands read it). Yields
	(primary, replica); removes both and the site at the end."""
	from tests.bench import bench_cmd, link_app_into_bench

	link_app_into_bench()
	folder = Path(tempfile.mkdtemp(prefix="ambon112-replica-"))
	primary = PrivateMariaDB(
		folder / "primary",
		(
			"--server-id=1",
			"--log-bin=mysql-bin",
			"--binlog-format=ROW",
			*(SEMI_SYNC_PRIMARY if semi_sync else ()),
		),
	)
	replica = PrivateMariaDB(
		folder / "replica",
		("--server-id=2", "--read-only=1", "--skip-log-bin", *(SEMI_SYNC_REPLICA if semi_sync else ())),
	)
	site_folder = BENCH / "sites" / site
	try:
		primary.install()
		start_at = primary.query("select @@gtid_binlog_pos")
		replica.install()
		# The replica has its own administrator already: it follows the primary from here on.
		replica.sql(
			f"set global gtid_slave_pos = '{start_at}';"
			f"change master to master_host='127.0.0.1', master_port={primary.port},"
			f" master_user='{primary.ADMIN}', master_password='{primary.PASSWORD}', master_use_gtid=slave_pos;"
			"start slave;"
		)
		subprocess.run(["rm", "-rf", str(site_folder)], check=True)
		site_folder.mkdir(parents=True)
		test_site_config = json.loads((BENCH / "sites" / TEST_SITE / "site_config.json").read_text())
		config = {
			"db_name": db_name,
			"db_password": db_password,
			"db_host": "127.0.0.1",
			"db_port": primary.port,
			# The copy's tests make users too: Frappe would refuse the 61st of the hour, counting the
			# ones the run made on the test site before the backup (tests/bench.py lifts it there).
			"throttle_user_limit": test_site_config.get("throttle_user_limit", 60),
		}
		(site_folder / "site_config.json").write_text(json.dumps(config))
		bench_cmd(
			"restore", backup, "--db-root-username", primary.ADMIN,
			"--db-root-password", primary.PASSWORD, site=site, timeout=1800,
		)  # fmt: skip
		primary.sql(
			f"create user if not exists '{db_name}'@'%' identified by '{db_password}';"
			f"grant all privileges on `{db_name}`.* to '{db_name}'@'%';"
		)
		# The lag is read from SHOW SLAVE STATUS, which needs this privilege (README).
		for host in primary.query(f"select host from mysql.user where user = '{db_name}'").split():
			primary.sql(f"grant slave monitor on *.* to '{db_name}'@'{host}'")
		position = primary.query("select @@gtid_binlog_pos")
		wait_for(
			lambda: replica.query("select @@gtid_slave_pos") == position,
			300,
			"the replica to catch up",
			every=1,
		)
		config = json.loads((site_folder / "site_config.json").read_text())
		config.update(
			read_from_replica=1,
			replica_host="127.0.0.1",
			replica_db_port=replica.port,
			root_login=primary.ADMIN,
			root_password=primary.PASSWORD,
		)
		(site_folder / "site_config.json").write_text(json.dumps(config))
		yield primary, replica
	finally:
		replica.stop()
		primary.stop()
		subprocess.run(["rm", "-rf", str(site_folder), str(folder)], check=False)


def connect_as_site():
	"""A database connection of its own, as the site's user, outside Frappe's transaction."""
	import frappe
	import pymysql

	conf = frappe.conf
	return pymysql.connect(
		host=conf.db_host or "127.0.0.1",
		port=int(conf.db_port or 3306),
		user=conf.db_name,
		password=conf.db_password,
		database=conf.db_name,
		autocommit=False,
	)
