"""Scoring a drill: the trainee's actual records, read from the database, against the scenario."""

import json

import frappe
from frappe.utils import get_datetime, now_datetime

from ambon_112.core import training_score as core
from ambon_112.training.settings import setting, weights

CALL = "Emergency Call"


def score_session(session):
	"""Score every result row of the session in place (the caller saves the session)."""
	rung = [r for r in session.results if r.call]  # a drill ended early leaves later calls unrung
	incidents = {(r.trainee, r.scenario, r.call_no): _call_incident(r.call) for r in rung}
	the_weights, pass_mark = weights(), setting("pass_mark")
	for row in rung:
		scenario = frappe.get_doc("Training Scenario", row.scenario)
		expected = expected_of(scenario, row.call_no)
		dup_no = scenario.duplicate_of_call or 1
		target = incidents.get((row.trainee, row.scenario, dup_no)) if expected.links_duplicate else None
		actual, timeline = actual_of(row.call, target, row.classified_at)
		result = core.score(expected, actual, the_weights, pass_mark)
		row.incident = incidents.get((row.trainee, row.scenario, row.call_no))
		row.total_score, row.passed, row.scored_at = result.total, int(result.passed), now_datetime()
		row.components = json.dumps(result.components, indent=1)
		row.timeline = json.dumps(timeline + _expected_lines(expected), indent=1, default=str)


def expected_of(scenario, call_no: int) -> core.Expected:
	answers = json.loads(scenario.expected_triage_answers or "{}")
	links_duplicate = bool((scenario.calls or 1) > 1 and call_no != (scenario.duplicate_of_call or 1))
	return core.Expected(
		classification=scenario.expected_classification,
		incident_type=scenario.expected_incident_type,
		priority=scenario.expected_priority,
		agency_types=frozenset(_lines(scenario.expected_agency_types)),
		triage_questions=frozenset(answers),
		latitude=scenario.latitude if scenario.kelurahan or scenario.latitude else None,
		longitude=scenario.longitude if scenario.kelurahan or scenario.longitude else None,
		tolerance_m=scenario.location_tolerance_m or 300,
		answer_budget_s=scenario.budget_answer_seconds or 15,
		classify_budget_s=scenario.budget_classify_seconds or 90,
		dispatch_budget_s=scenario.budget_dispatch_seconds or 120,
		links_duplicate=links_duplicate,
	)


def actual_of(
	call_name: str, duplicate_target: str | None, classified_at=None
) -> tuple[core.Actual, list[dict]]:
	call = frappe.db.get_value(
		CALL,
		call_name,
		["received_at", "answered_at", "classification", "incident", "answer_delay_seconds"],
		as_dict=True,
	)
	timeline = [{"at": call.received_at, "event": "Rang"}]
	start = call.answered_at or call.received_at
	if call.answered_at:
		timeline.append({"at": call.answered_at, "event": "Answered"})
	# Stamped by drill.stamp_classified; the version log covers a call classified before that stamp existed.
	classified_at = classified_at or _first_change(call_name, "classification")
	if classified_at:
		timeline.append({"at": classified_at, "event": "Classified", "detail": call.classification})
	incident, agency_types, first_dispatch = None, frozenset(), None
	if call.incident:
		incident = frappe.get_doc("Incident", call.incident)
		timeline.append(
			{
				"at": incident.creation,
				"event": "Incident",
				"detail": f"{incident.name} ({incident.incident_type})",
			}
		)
		dispatches = frappe.get_all(
			"Dispatch",
			filters={"incident": incident.name},
			fields=["name", "agency", "dispatched_at"],
			order_by="dispatched_at asc",
		)
		types = {a.name: a.agency_type for a in _agencies({d.agency for d in dispatches})}
		agency_types = frozenset(t for t in (types.get(d.agency) for d in dispatches) if t)
		for d in dispatches:
			timeline.append({"at": d.dispatched_at, "event": "Dispatched", "detail": d.agency})
		first_dispatch = dispatches[0].dispatched_at if dispatches else None
	actual = core.Actual(
		answer_delay_s=call.answer_delay_seconds if call.answered_at else None,
		classify_s=_seconds(start, classified_at),
		classification=call.classification,
		incident_type=incident.incident_type if incident else None,
		priority=incident.priority if incident else None,
		triage_answered=frozenset(_answered_questions(incident)) if incident else frozenset(),
		latitude=incident.latitude if incident and incident.latitude else None,
		longitude=incident.longitude if incident and incident.longitude else None,
		agency_types=agency_types,
		first_dispatch_s=_seconds(start, first_dispatch),
		linked_to_expected=bool(duplicate_target and call.incident == duplicate_target),
	)
	timeline.sort(key=lambda e: get_datetime(e["at"]))
	return actual, timeline


def _expected_lines(expected: core.Expected) -> list[dict]:
	return [
		{"expected": "Answer within", "seconds": expected.answer_budget_s},
		{"expected": "Classify within", "seconds": expected.classify_budget_s},
		{"expected": "Class", "value": expected.classification},
		{"expected": "Incident type / priority", "value": f"{expected.incident_type} / {expected.priority}"},
		{"expected": "Agency types", "value": sorted(expected.agency_types)},
		{"expected": "Link to the earlier call's incident", "value": expected.links_duplicate},
	]


def _call_incident(call_name: str) -> str | None:
	return frappe.db.get_value(CALL, call_name, "incident")


def _first_change(call_name: str, field: str):
	"""When ``field`` of the call first got a value, from its Version log (track_changes)."""
	for version in frappe.get_all(
		"Version",
		filters={"ref_doctype": CALL, "docname": call_name},
		fields=["creation", "data"],
		order_by="creation asc",
	):
		for changed in json.loads(version.data or "{}").get("changed", []):
			if changed[0] == field and changed[2]:
				return version.creation
	return None


def _agencies(names: set[str]) -> list:
	if not names:
		return []
	return frappe.get_all("Agency", filters={"name": ("in", list(names))}, fields=["name", "agency_type"])


def _answered_questions(incident) -> set[str]:
	names = [row.question for row in incident.triage_answers if row.question and row.answer]
	if not names:
		return set()
	return set(frappe.get_all("Triage Question", filters={"name": ("in", names)}, pluck="question"))


def _seconds(start, end) -> float | None:
	if not start or not end:
		return None
	return max(0.0, (get_datetime(end) - get_datetime(start)).total_seconds())


def _lines(text: str | None) -> list[str]:
	return [line.strip() for line in (text or "").splitlines() if line.strip()]
