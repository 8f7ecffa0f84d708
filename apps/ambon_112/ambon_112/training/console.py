"""What the trainer's console shows: the caller's script to read aloud, and what each trainee did.

Read from the database on every request (the console asks again when the drill's realtime event
reaches the trainer's own room), never from anything the page sent.
"""

import frappe
from frappe.utils import get_datetime, now_datetime

CALL_FIELDS = ["name", "call_state", "classification", "incident", "latitude", "longitude", "kelurahan"]


def state(session_name: str) -> dict:
	session = frappe.get_doc("Exercise Session", session_name)
	session.check_permission("read")
	now = now_datetime()
	scripts = {}
	for row in session.scenarios:
		scenario = frappe.get_doc("Training Scenario", row.scenario)
		scripts[scenario.name] = {
			"scenario": scenario.name,
			"description": scenario.description,
			"landmark": scenario.landmark,
			"kelurahan": scenario.kelurahan,
			"steps": [
				{"cue": s.cue, "caller_says": s.caller_says, "after_seconds": s.after_seconds}
				for s in scenario.steps
			],
		}
	calls = {
		c.name: c
		for c in frappe.get_all(
			"Emergency Call",
			filters={"name": ("in", [r.call for r in session.results if r.call] or [""])},
			fields=CALL_FIELDS,
		)
	}
	dispatched = _dispatched({c.incident for c in calls.values() if c.incident})
	trainees = []
	for t in session.trainees:
		results = []
		for r in session.results:
			if r.trainee != t.trainee:
				continue
			call = calls.get(r.call) or frappe._dict()
			results.append(
				{
					"scenario": r.scenario,
					"call_no": r.call_no,
					"call": r.call,
					"due_in": None if r.call or not r.due_at else _seconds(now, r.due_at),
					"call_state": call.call_state,
					"classification": call.classification,
					"incident": call.incident,
					"located": bool(call.latitude or call.kelurahan),
					"dispatched": dispatched.get(call.incident, []),
					"total_score": r.total_score if r.scored_at else None,
					"passed": r.passed if r.scored_at else None,
					"remarks": r.remarks,
				}
			)
		trainees.append({"trainee": t.trainee, "paused": t.paused, "results": results})
	return {
		"session": session.name,
		"title": session.title,
		"status": session.status,
		"started_at": session.started_at,
		"scripts": list(scripts.values()),
		"trainees": trainees,
		"can_write": bool(frappe.has_permission("Exercise Session", "write", session)),
	}


def _dispatched(incidents: set[str]) -> dict[str, list[str]]:
	out: dict[str, list[str]] = {}
	if incidents:
		for d in frappe.get_all(
			"Dispatch", filters={"incident": ("in", list(incidents))}, fields=["incident", "agency"]
		):
			out.setdefault(d.incident, []).append(d.agency)
	return out


def _seconds(now, then) -> int:
	return max(0, int((get_datetime(then) - now).total_seconds()))
