#!/usr/bin/env python3
"""Speed and memory of the command-centre KPI reports on a month of a busy 112 centre.

Usage: AMBON112_BENCH=<bench> [AMBON112_SITE=<site with ambon_112>] benchmarks/report_speed.py

Without AMBON112_SITE the benchmark builds (once) and reuses its own site, ambon112-bench.localhost,
never the test site. It loads a month of generated work once (15,000 calls, 1,200 incidents,
1,600 dispatches in a month far in the future, bulk-inserted with the same derived values the
controllers compute), then times each report's execute() for that month as a 112 Operator
(median of 3 runs) and measures its peak Python memory. The baseline, in the same run, is plain
Frappe reading the same month's rows (calls, incidents or dispatches) with frappe.get_list: the
floor any report over them pays; each report's ratio is against the rows it reads.
The last line is ``report_speed: key=value ...``; the exit status is 1 when a budget is exceeded.
"""

import os
import random
import statistics
import sys
import time
import tracemalloc
from datetime import datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH_PYTHON = (
	Path(os.environ.get("AMBON112_BENCH", Path.home() / "ambon112-bench")) / "env" / "bin" / "python"
)
if __name__ == "__main__":
	try:
		import frappe
	except ImportError:  # run again in the bench's Python, which imports frappe
		os.execv(str(BENCH_PYTHON), [str(BENCH_PYTHON), __file__, *sys.argv[1:]])

sys.path.insert(0, str(REPO))

import frappe

from tests.bench import connect, open_site

SITE = os.environ.get("AMBON112_SITE")
OWN_SITE = "ambon112-bench.localhost"
MONTH = datetime(2035, 3, 1)
DAYS = 30
CALLS_PER_DAY = 500
INCIDENTS = 1200
FILTERS = {"from_date": "2035-03-01", "to_date": "2035-03-30"}
RUNS = 3
# Budgets: a desk report must come back while the supervisor is still looking at the screen.
BUDGET_MS = 4000  # per report, a month of a busy centre
BUDGET_RATIO = 10  # a report may cost this many plain get_list reads of its rows (some read two DocTypes)
BUDGET_PEAK_MB = 150

# report -> (module, the DocType whose rows it reads)
REPORTS = {
	"answer_time": ("ambon_112.command_centre.report.call_answer_time.call_answer_time", "Emergency Call"),
	"processing": ("ambon_112.command_centre.report.call_processing_time.call_processing_time", "Incident"),
	"response": (
		"ambon_112.command_centre.report.response_time_by_agency.response_time_by_agency",
		"Dispatch",
	),
	"classes": ("ambon_112.command_centre.report.call_classes.call_classes", "Emergency Call"),
	"area": ("ambon_112.command_centre.report.incidents_by_area.incidents_by_area", "Incident"),
}
# The plain-Frappe baseline: frappe.get_list of the same month's rows, with the fields a report needs.
BASELINES = {
	"Emergency Call": (
		"received_at",
		["name", "received_at", "answered_at", "call_state", "classification", "incident"],
	),
	"Incident": (
		"reported_at",
		["name", "incident_type", "priority", "kelurahan", "reported_at", "first_dispatch_at"],
	),
	"Dispatch": (
		"dispatched_at",
		["name", "agency", "incident_type", "status", "dispatched_at", "on_scene_at"],
	),
}


def main():
	if SITE:
		connect(SITE)
	else:
		open_site(OWN_SITE, fresh=False)
	counts = ensure_data()
	frappe.set_user(ensure_operator())
	baselines = {doctype: median_ms(lambda doctype=doctype: baseline_read(doctype)) for doctype in BASELINES}
	results = {}
	for key, (module, doctype) in REPORTS.items():
		execute = frappe.get_module(module).execute
		results[f"{key}_ms"] = median_ms(lambda execute=execute: execute(frappe._dict(FILTERS)))
		results[f"{key}_ratio"] = round(results[f"{key}_ms"] / baselines[doctype], 1)
		results[f"{key}_peak_mb"] = peak_mb(lambda execute=execute: execute(frappe._dict(FILTERS)))
	slowest = max(v for k, v in results.items() if k.endswith("_ms"))
	worst_ratio = max(v for k, v in results.items() if k.endswith("_ratio"))
	peak = max(v for k, v in results.items() if k.endswith("_peak_mb"))
	ok = slowest <= BUDGET_MS and worst_ratio <= BUDGET_RATIO and peak <= BUDGET_PEAK_MB
	frappe.db.rollback()
	fields = {
		**counts,
		**{f"baseline_{frappe.scrub(d)}_ms": ms for d, ms in baselines.items()},
		**results,
		"budget_ms": BUDGET_MS,
		"budget_ratio": BUDGET_RATIO,
		"budget_peak_mb": BUDGET_PEAK_MB,
		"budget": "ok" if ok else "exceeded",
	}
	print("report_speed: " + " ".join(f"{k}={v}" for k, v in fields.items()))
	return 0 if ok else 1


def baseline_read(doctype: str):
	date_field, fields = BASELINES[doctype]
	frappe.get_list(
		doctype,
		filters=[
			[date_field, ">=", MONTH],
			[date_field, "<", MONTH + timedelta(days=DAYS)],
			["is_exercise", "=", 0],
		],
		fields=fields,
		limit_page_length=0,
	)


def median_ms(fn) -> float:
	timings = []
	for _ in range(RUNS):
		start = time.perf_counter()
		fn()
		timings.append((time.perf_counter() - start) * 1000)
	return round(statistics.median(timings), 1)


def peak_mb(fn) -> float:
	tracemalloc.start()
	fn()
	_current, peak = tracemalloc.get_traced_memory()
	tracemalloc.stop()
	return round(peak / 2**20, 1)


def ensure_operator() -> str:
	email = "bench-operator@ambon112.test"
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": "Bench Operator",
				"send_welcome_email": 0,
				"roles": [{"role": "112 Operator"}],
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
	return email


# ---------------------------------------------------------------- the generated month


def ensure_data() -> dict:
	if not frappe.db.exists("Emergency Call", "BENCH-CALL-000001"):
		generate()
		frappe.db.commit()
	period = [["received_at", ">=", MONTH], ["received_at", "<", MONTH + timedelta(days=DAYS)]]
	return {
		"calls": frappe.db.count("Emergency Call", period),
		"incidents": frappe.db.count("Incident", [["reported_at", ">=", MONTH]]),
		"dispatches": frappe.db.count("Dispatch", [["dispatched_at", ">=", MONTH]]),
	}


def generate():
	rng = random.Random(112)
	villages = frappe.get_all("Ambon Area", filters={"is_group": 0}, fields=["name", "parent_ambon_area"])
	types = frappe.get_all("Incident Type", filters={"is_group": 0}, fields=["name", "default_priority"])
	agencies = frappe.get_all("Agency", pluck="name")
	classes = ["Emergency", "Information Request", "Prank", "Ghost / Silent", "Dropped", "Wrong Number", ""]
	stamp = {"owner": "Administrator", "modified_by": "Administrator", "docstatus": 0}

	incidents, incident_agencies, dispatches = [], [], []
	for i in range(1, INCIDENTS + 1):
		village, kind = rng.choice(villages), rng.choice(types)
		reported = MONTH + timedelta(seconds=rng.randrange(DAYS * 86400))
		answered = reported + timedelta(seconds=rng.randrange(2, 30))
		first_dispatch = answered + timedelta(seconds=rng.randrange(20, 240))
		name = f"BENCH-INC-{i:06d}"
		incidents.append({**stamp, "name": name, "creation": reported, "modified": reported, "title": f"Bench {i}",
			"incident_type": kind.name, "priority": kind.default_priority, "status": "Closed", "reported_at": reported,
			"is_exercise": int(rng.random() < 0.02), "kelurahan": village.name, "kecamatan": village.parent_ambon_area,
			"first_dispatch_at": first_dispatch, "_answered": answered})  # fmt: skip
		for d in range(1 if rng.random() < 0.7 else 2):
			agency = rng.choice(agencies)
			sent = first_dispatch + timedelta(seconds=d * rng.randrange(60, 600))
			ack = sent + timedelta(seconds=rng.randrange(5, 120))
			en_route = ack + timedelta(seconds=rng.randrange(10, 180))
			on_scene = en_route + timedelta(seconds=rng.randrange(120, 1800))
			dispatches.append({**stamp, "name": f"BENCH-DSP-{len(dispatches) + 1:06d}", "creation": sent, "modified": sent,
				"incident": name, "agency": agency, "status": "Cleared", "incident_type": kind.name,
				"priority": kind.default_priority, "kelurahan": village.name, "is_exercise": incidents[-1]["is_exercise"],
				"dispatched_at": sent, "acknowledged_at": ack, "en_route_at": en_route, "on_scene_at": on_scene,
				"cleared_at": on_scene + timedelta(minutes=30)})  # fmt: skip
			incident_agencies.append({**stamp, "name": f"BENCH-IA-{len(incident_agencies) + 1:06d}", "creation": sent,
				"modified": sent, "parent": name, "parenttype": "Incident", "parentfield": "agencies",
				"idx": d + 1, "agency": agency})  # fmt: skip

	calls = []
	for incident in incidents:  # each incident's call
		calls.append(_call(rng, len(calls) + 1, incident["reported_at"], incident["_answered"], "Emergency",
			incident["kelurahan"], incident["name"], incident["is_exercise"], stamp))  # fmt: skip
	while len(calls) < DAYS * CALLS_PER_DAY:
		received = MONTH + timedelta(seconds=rng.randrange(DAYS * 86400))
		answered = None if rng.random() < 0.1 else received + timedelta(seconds=rng.randrange(1, 40))
		calls.append(_call(rng, len(calls) + 1, received, answered, rng.choice(classes[1:]),
			rng.choice(villages).name, None, 0, stamp))  # fmt: skip

	for row in incidents:
		row.pop("_answered")
	_bulk("Incident", incidents)
	_bulk("Incident Agency", incident_agencies)
	_bulk("Dispatch", dispatches)
	_bulk("Emergency Call", calls)


def _call(rng, n, received, answered, classification, kelurahan, incident, exercise, stamp) -> dict:
	ended = (answered or received) + timedelta(seconds=rng.randrange(20, 300))
	number = (
		f"0812{rng.randrange(10**7, 10**8)}" if rng.random() < 0.9 else f"08129999{rng.randrange(100):04d}"
	)
	return {**stamp, "name": f"BENCH-CALL-{n:06d}", "creation": received, "modified": received,
		"received_at": received, "answered_at": answered, "ended_at": ended, "call_state": "Ended" if answered else "Missed",
		"classification": classification, "channel": "Voice", "is_exercise": exercise, "caller_number": number,
		"caller_number_normalized": "+62" + number[1:], "caller_number_kind": "mobile",
		"answer_delay_seconds": int((answered - received).total_seconds()) if answered else 0,
		"duration_seconds": int((ended - answered).total_seconds()) if answered else 0,
		"kelurahan": kelurahan, "incident": incident}  # fmt: skip


def _bulk(doctype: str, rows: list[dict]):
	fields = list(rows[0])
	frappe.db.bulk_insert(doctype, fields, [[row[f] for f in fields] for row in rows], chunk_size=2000)


if __name__ == "__main__":
	sys.exit(main())
