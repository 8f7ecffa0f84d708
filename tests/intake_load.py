"""PBX load with replays and a database restart in the middle, for the fault test and the benchmark:
the PBX's side (each event posted until it gets a 2xx, as a PBX retries) and the verdict read from the
database (every call exactly once, with every timestamp, in a state its timestamps imply)."""

from __future__ import annotations

import json
import random
import subprocess
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import requests

from tests.bench import BENCH, site_headers, system_env

WEBHOOK = "/api/method/ambon_112.api.telephony.call_event"
GIVE_UP_SECONDS = 600


def make_events(total: int, run: str, replay_share: float = 0.2, seed: int = 112) -> tuple[list, set]:
	"""`total` events: calls of three events each (ringing, answered, ended) in a shuffled order, so
	"ended" often comes before "answered", plus `replay_share` of them sent a second time."""
	rng = random.Random(seed)
	calls = max(1, round(total / (1 + replay_share)) // 3)
	now = int(time.time())
	events = []
	for i in range(calls):
		call_id, start = f"{run}-{i}", now - rng.randint(120, 3600)
		events += [
			{"call_id": call_id, "event": "ringing", "caller": f"0812{rng.randint(0, 10**8 - 1):08d}",
			 "timestamp": str(start)},
			{"call_id": call_id, "event": "answered", "timestamp": str(start + rng.randint(3, 20))},
			{"call_id": call_id, "event": "ended", "timestamp": str(start + rng.randint(30, 300))},
		]  # fmt: skip
	rng.shuffle(events)
	for replay in rng.choices(events, k=total - len(events)):
		events.insert(rng.randrange(len(events) + 1), dict(replay))
	return events, {f"{run}-{i}" for i in range(calls)}


@dataclass
class Outcome:
	answers: Counter = field(default_factory=Counter)  # final answer per event: 2xx, or what refused it
	failures: Counter = field(default_factory=Counter)  # answers that made the PBX try again
	seconds: float = 0.0


def send_all(base: str, site: str, auth: str, events: list, clients: int, halfway=None) -> Outcome:
	"""Post every event until it is answered 2xx (a 4xx is final: counted, not retried); `halfway`
	runs in its own thread once half the events are answered."""
	outcome, lock, done = Outcome(), threading.Lock(), [0]
	local = threading.local()
	fault = []

	def post(data):
		if not hasattr(local, "session"):
			local.session = requests.Session()
			local.session.headers.update({**site_headers(site), "Authorization": auth})
		deadline = time.monotonic() + GIVE_UP_SECONDS
		while True:
			try:
				status = local.session.post(f"{base}{WEBHOOK}", data=data, timeout=120).status_code
			except requests.RequestException as e:
				status = type(e).__name__
			if isinstance(status, int) and status < 500:
				break
			with lock:
				outcome.failures[str(status)] += 1
			if time.monotonic() > deadline:
				break
			time.sleep(0.2)
		with lock:
			outcome.answers[str(status)] += 1
			done[0] += 1
			if halfway and done[0] == len(events) // 2:
				fault.append(threading.Thread(target=halfway, daemon=True))
				fault[0].start()

	started = time.monotonic()
	with ThreadPoolExecutor(max_workers=clients) as pool:
		list(pool.map(post, events))
	outcome.seconds = time.monotonic() - started
	for thread in fault:
		thread.join()
	return outcome


def verdict(db: dict, run: str, call_ids: set) -> dict:
	"""lost: calls missing, or missing a timestamp; duplicated: extra rows for one call id;
	inconsistent: a state or duration that its timestamps do not imply (a half-written event)."""
	import pymysql

	conn = pymysql.connect(**db)
	try:
		with conn.cursor() as cursor:
			cursor.execute(
				"""select telephony_call_id, count(*), min(received_at), min(answered_at), min(ended_at),
					min(call_state), min(answer_delay_seconds), min(duration_seconds)
				from `tabEmergency Call` where telephony_call_id like %s group by telephony_call_id""",
				(f"{run}-%",),
			)
			rows = {r[0]: r for r in cursor.fetchall()}
	finally:
		conn.close()
	lost = sum(1 for c in call_ids if c not in rows or None in rows[c][2:5])
	duplicated = sum(r[1] - 1 for r in rows.values())
	inconsistent = sum(
		1
		for r in rows.values()
		if None not in r[2:5]
		and (
			r[5] != "Ended"
			or r[6] != max(0, int((r[3] - r[2]).total_seconds()))
			or r[7] != max(0, int((r[4] - r[3]).total_seconds()))
		)
	)
	return {"calls": len(call_ids), "lost": lost, "duplicated": duplicated, "inconsistent": inconsistent}


def site_db(site: str, port: int) -> dict:
	config = json.loads((BENCH / "sites" / site / "site_config.json").read_text())
	return {
		"host": "127.0.0.1",
		"port": port,
		"user": config["db_name"],
		"password": config["db_password"],
		"database": config["db_name"],
	}


def integration_user(site: str) -> str:
	"""The PBX's API user on `site`, made there: the Authorization header value."""
	script = (
		"import frappe, json\n"
		f"frappe.init(site={site!r}, sites_path='.')\n"
		"frappe.connect()\n"
		"from ambon_112.tests.utils import make_api_user\n"
		"user, key, secret = make_api_user()\n"
		"frappe.db.commit()\n"
		"print(json.dumps([key, secret]))\n"
	)
	done = subprocess.run(
		[str(BENCH / "env" / "bin" / "python"), "-c", script],
		cwd=BENCH / "sites",
		capture_output=True,
		text=True,
		timeout=300,
		env=system_env(),
	)
	assert done.returncode == 0, f"making the PBX's user on {site} failed:\n{done.stderr[-3000:]}"
	key, secret = json.loads(done.stdout.strip().splitlines()[-1])
	return f"token {key}:{secret}"


# ---------------------------------------------------------------- the PBX through a failover


@dataclass
class Acknowledged:
	"""What a PBX was told: every event answered 2xx, and every attempt's (sent, answered, status)."""

	events: dict = field(default_factory=dict)  # call id -> the events answered 2xx
	count: int = 0  # events answered 2xx so far (readable while the load runs)
	attempts: list = field(default_factory=list)
	given_up: int = 0
	seconds: float = 0.0

	def seconds_without_service(self, since: float) -> float | None:
		"""From `since` (a monotonic time: the kill) until a request sent after it was answered 2xx."""
		served = [answered for sent, answered, status in self.attempts if sent >= since and status == 200]
		return min(served) - since if served else None


def calls_in_order(run: str, calls: int, seed: int = 17) -> list[list[dict]]:
	"""`calls` calls, each its ringing, answered and ended events in that order."""
	rng, now = random.Random(seed), int(time.time())
	out = []
	for i in range(calls):
		start = now - rng.randint(120, 3600)
		out.append(
			[
				{"call_id": f"{run}-{i}", "event": "ringing", "caller": f"0813{rng.randint(0, 10**8 - 1):08d}",
				 "timestamp": str(start)},
				{"call_id": f"{run}-{i}", "event": "answered", "timestamp": str(start + rng.randint(3, 20))},
				{"call_id": f"{run}-{i}", "event": "ended", "timestamp": str(start + rng.randint(30, 300))},
			]
		)  # fmt: skip
	return out


def send_until_acknowledged(
	base: str,
	site: str,
	auth: str,
	calls: list,
	clients: int,
	fault_after: int,
	fault,
	abort=None,
	out: Acknowledged | None = None,
) -> Acknowledged:
	"""Each client sends its calls' events one after another, each until it is answered 2xx (as a
	PBX retries: any other answer or none at all is tried again, for up to GIVE_UP_SECONDS), and
	remembers what was acknowledged; `fault` runs in its own thread once `fault_after` events were.
	Once `abort` (a threading.Event) is set, the clients stop. `out`: where to note it all (else new)."""
	out, lock, fault_thread = out or Acknowledged(), threading.Lock(), []
	abort = abort or threading.Event()

	def client(own_calls):
		session = requests.Session()
		session.headers.update({**site_headers(site), "Authorization": auth})
		for events in own_calls:
			for data in events:
				if abort.is_set():
					return
				deadline = time.monotonic() + GIVE_UP_SECONDS
				while True:
					sent = time.monotonic()
					try:
						status = session.post(f"{base}{WEBHOOK}", data=data, timeout=60).status_code
					except requests.RequestException:
						status = None
						session = requests.Session()
						session.headers.update({**site_headers(site), "Authorization": auth})
					with lock:
						out.attempts.append((sent, time.monotonic(), status))
					if status == 200 or time.monotonic() > deadline or abort.is_set():
						break
					time.sleep(0.1)
				with lock:
					if status != 200:
						out.given_up += 1
						continue
					out.events.setdefault(data["call_id"], set()).add(data["event"])
					out.count += 1
					if out.count == fault_after:
						fault_thread.append(threading.Thread(target=fault, daemon=True))
						fault_thread[0].start()

	started = time.monotonic()
	threads = [threading.Thread(target=client, args=(calls[k::clients],)) for k in range(clients)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	for thread in fault_thread:
		thread.join()
	out.seconds = time.monotonic() - started
	return out


EVENT_COLUMN = {"ringing": "received_at", "answered": "answered_at", "ended": "ended_at"}


def acknowledged_verdict(db: dict, run: str, acknowledged: Acknowledged) -> dict:
	"""On the database `db`: lost = acknowledged calls missing, or missing the time of an acknowledged
	event; duplicated = extra rows for one call id."""
	import pymysql

	conn = pymysql.connect(**db)
	try:
		with conn.cursor(pymysql.cursors.DictCursor) as cursor:
			cursor.execute(
				"""select telephony_call_id, received_at, answered_at, ended_at
				from `tabEmergency Call` where telephony_call_id like %s""",
				(f"{run}-%",),
			)
			rows = cursor.fetchall()
	finally:
		conn.close()
	by_call = {}
	for row in rows:
		by_call.setdefault(row["telephony_call_id"], []).append(row)
	lost = sum(
		1
		for call_id, events in acknowledged.events.items()
		if not by_call.get(call_id) or any(by_call[call_id][0][EVENT_COLUMN[e]] is None for e in events)
	)
	duplicated = sum(len(found) - 1 for found in by_call.values())
	return {"acknowledged": len(acknowledged.events), "lost": lost, "duplicated": duplicated}
