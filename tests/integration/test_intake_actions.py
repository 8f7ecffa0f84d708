"""The call-taker's minute in process: classify, triage, duplicates, and a workflow an admin renamed."""

import frappe
import pytest
from frappe.utils import add_to_date, now_datetime
from freezegun import freeze_time

from ambon_112.api import intake as api
from ambon_112.core.call_states import CLOSED, ESCALATED, IN_TRIAGE, NON_EMERGENCY, PENDING, TRIAGE_MEANINGS
from ambon_112.exceptions import CallClassificationError, InvalidTriageAnswerError
from ambon_112.intake import call_workflow
from ambon_112.roles import AGENCY_STAFF, OPERATOR, SUPERVISOR, VIEWER
from ambon_112.tests.utils import (
	BATU_MERAH,
	HONIPOPU,
	POKA,
	make_agency,
	make_call,
	make_incident,
	make_triage_question,
	make_user,
	random_number,
	unique,
)
from ambon_112.workflows import states_meaning

# About 200 m and 800 m north of Batu Merah's interior point.
NEAR = (BATU_MERAH[0] + 0.0018, BATU_MERAH[1])
FAR = (BATU_MERAH[0] + 0.0072, BATU_MERAH[1])


@pytest.fixture
def operator():
	user = make_user([OPERATOR])
	frappe.set_user(user)
	return user


# ---------------------------------------------------------------- classification quick actions


@pytest.mark.parametrize("classification", NON_EMERGENCY)
def test_each_non_emergency_class_closes_the_call_by_meaning(operator, classification):
	call = make_call(caller_number=random_number())
	result = api.classify(call.name, classification)
	assert (result["classification"], result["triage_status"]) == (classification, CLOSED)
	assert result["workflow_state"] in states_meaning("Emergency Call", CLOSED)
	assert frappe.db.get_value("Emergency Call", call.name, "classification") == classification


def test_start_triage_then_classify(operator):
	call = make_call()
	assert api.start_triage(call.name)["triage_status"] == IN_TRIAGE
	assert api.classify(call.name, "Information Request")["triage_status"] == CLOSED


def test_classes_are_reported_on(operator):
	number = random_number()
	for classification in ("Prank", "Prank", "Wrong Number"):
		api.classify(make_call(caller_number=number).name, classification)
	counts = frappe.get_all(
		"Emergency Call",
		filters={"caller_number_normalized": "+62" + number[1:]},
		fields=["classification", "count(name) as calls"],
		group_by="classification",
	)
	assert {c.classification: c.calls for c in counts} == {"Prank": 2, "Wrong Number": 1}


def test_an_unknown_class_or_an_emergency_without_incident_is_refused(operator):
	call = make_call()
	for classification in ("Bomb", "Emergency"):
		with pytest.raises(CallClassificationError):
			api.classify(call.name, classification)
	classification, status = frappe.db.get_value(
		"Emergency Call", call.name, ["classification", "triage_status"]
	)
	assert (classification or None, status) == (None, PENDING)


def test_a_viewer_cannot_classify(operator):
	call = make_call()
	frappe.set_user(make_user([VIEWER]))
	with pytest.raises(frappe.PermissionError):
		api.classify(call.name, "Prank")


# ---------------------------------------------------------------- emergency: create with triage, or link


def test_create_incident_from_the_call_copies_its_location_and_saves_the_triage(operator):
	frappe.set_user("Administrator")
	trapped = make_triage_question(
		"Natural Disaster",
		"Yes/No",
		[{"answer": "Yes", "priority_at_least": "P1", "add_agency_type": "Search and Rescue"}],
	)
	depth = make_triage_question("Flood", "Number", [{"answer": "<30", "priority_change": -1}])
	frappe.set_user(operator)
	call = make_call(
		caller_number=random_number(), latitude=POKA[0], longitude=POKA[1], landmark="Dekat Unpatti"
	)
	result = api.create_incident(
		call.name, "Flood", answers=frappe.as_json({trapped.name: "ya", depth.name: "10"})
	)
	assert (result["triage_status"], result["classification"], result["priority"]) == (
		ESCALATED,
		"Emergency",
		"P1",
	)
	incident = frappe.get_doc("Incident", result["incident"])
	assert (incident.kelurahan, incident.landmark, incident.reported_at) == (
		"81.71.04.2002",
		"Dekat Unpatti",
		call.received_at,
	)
	assert {(r.question, r.answer) for r in incident.triage_answers} == {
		(trapped.name, "Yes"),
		(depth.name, "10"),
	}
	assert incident.triage_priority == "P1" and "Search and Rescue" in incident.triage_reasons
	assert [r.agency_type for r in incident.triage_agency_types] == ["Search and Rescue"]
	assert frappe.db.get_value("Emergency Call", call.name, "incident") == incident.name


def test_triage_answers_lower_and_the_default_applies_without_answers(operator):
	frappe.set_user("Administrator")
	depth = make_triage_question("Flood", "Number", [{"answer": "<30", "priority_change": -1}])
	frappe.set_user(operator)
	lowered = api.create_incident(make_call().name, "Flood", answers={depth.name: "20"})
	plain = api.create_incident(make_call().name, "Flood")
	assert (lowered["priority"], plain["priority"]) == ("P3", "P2")


def test_a_supervisor_may_override_the_triage_priority_by_hand(operator):
	frappe.set_user("Administrator")
	depth = make_triage_question("Flood", "Number", [{"answer": "100+", "priority_change": 1}])
	incident = make_incident("Flood", triage_answers=[{"question": depth.name, "answer": "150"}])
	assert incident.priority == "P1"
	incident.priority = "P2"
	incident.save()
	assert (incident.priority, incident.triage_priority) == ("P2", "P1")
	incident.triage_answers[0].answer = "40"
	incident.save()
	assert incident.priority == "P2" and incident.triage_priority == "P2"


def test_a_wrong_triage_answer_writes_neither_incident_nor_call_change(operator):
	frappe.set_user("Administrator")
	depth = make_triage_question("Flood", "Number", [])
	frappe.set_user(operator)
	call = make_call()
	before = frappe.db.count("Incident")
	with pytest.raises(InvalidTriageAnswerError):
		api.create_incident(call.name, "Flood", answers={depth.name: "sangat dalam"})
	frappe.db.rollback()  # what a failed request leaves behind
	assert frappe.db.count("Incident") == before
	assert frappe.db.get_value("Emergency Call", call.name, "incident") is None


def test_link_to_an_existing_incident_instead_of_creating_one(operator):
	incident = make_incident("Flood", position=BATU_MERAH)
	call = make_call()
	assert api.classify(call.name, "Dropped")["triage_status"] == CLOSED
	result = api.link_incident(call.name, incident.name)  # the caller rang back: it was the flood
	assert (result["incident"], result["classification"], result["triage_status"]) == (
		incident.name,
		"Emergency",
		ESCALATED,
	)
	with pytest.raises(CallClassificationError):
		api.create_incident(call.name, "Flood")


# ---------------------------------------------------------------- duplicate warning


def test_open_incidents_nearby_of_a_related_type_are_ranked(operator):
	with freeze_time(now_datetime()):
		now = now_datetime()
		same_near = make_incident("Flood", position=NEAR, reported_at=add_to_date(now, minutes=-10))
		same_at_call = make_incident("Flood", position=BATU_MERAH, reported_at=add_to_date(now, minutes=-5))
		related = make_incident("Landslide", position=NEAR, reported_at=add_to_date(now, minutes=-10))
		unrelated = make_incident("Fire", position=BATU_MERAH, reported_at=add_to_date(now, minutes=-5))
		far = make_incident("Flood", position=FAR, reported_at=add_to_date(now, minutes=-5))
		old = make_incident("Flood", position=BATU_MERAH, reported_at=add_to_date(now, minutes=-61))
		closed = make_incident("Flood", position=BATU_MERAH, reported_at=add_to_date(now, minutes=-5))
		frappe.db.set_value("Incident", closed.name, "status", "Closed")
		call = make_call(latitude=BATU_MERAH[0], longitude=BATU_MERAH[1])
		found = api.duplicate_candidates(call=call.name, incident_type="Flood")
	names = [m["name"] for m in found]
	assert names[:3] == [same_at_call.name, same_near.name, related.name]
	assert not {unrelated.name, far.name, old.name, closed.name} & set(names)
	assert found[2]["relation"] == "related" and 150 < found[1]["distance_m"] < 250


def test_distance_and_window_are_settings(operator):
	incident = make_incident("Flood", position=FAR, reported_at=add_to_date(now_datetime(), minutes=-90))
	call = make_call(latitude=BATU_MERAH[0], longitude=BATU_MERAH[1])
	assert incident.name not in [
		m["name"] for m in api.duplicate_candidates(call=call.name, incident_type="Flood")
	]
	frappe.db.set_single_value(
		"Ambon 112 Settings", {"duplicate_radius_m": 1000, "duplicate_window_minutes": 120}
	)
	frappe.clear_document_cache("Ambon 112 Settings", "Ambon 112 Settings")
	assert incident.name in [
		m["name"] for m in api.duplicate_candidates(call=call.name, incident_type="Flood")
	]


def test_a_call_without_coordinates_is_matched_by_kelurahan(operator):
	incident = make_incident("Flood", position=HONIPOPU)
	call = make_call(kelurahan=incident.kelurahan)
	assert incident.name in [
		m["name"] for m in api.duplicate_candidates(call=call.name, incident_type="Flood")
	]


# ---------------------------------------------------------------- admins own the workflow


def test_an_admin_renames_a_state_and_the_code_keeps_working(operator):
	old = states_meaning("Emergency Call", IN_TRIAGE)[0]
	new = unique("Sedang Ditriase")
	frappe.set_user("Administrator")
	waiting = make_call()
	api.start_triage(waiting.name)
	frappe.rename_doc("Workflow State", old, new, force=True, rebuild_search=False, show_alert=False)
	try:
		assert frappe.db.get_value("Emergency Call", waiting.name, "workflow_state") == new
		frappe.set_user(operator)
		call = make_call()
		started = api.start_triage(call.name)
		assert (started["workflow_state"], started["triage_status"]) == (new, IN_TRIAGE)
		assert api.classify(call.name, "Test")["triage_status"] == CLOSED
		assert api.classify(waiting.name, "Prank")["triage_status"] == CLOSED
	finally:
		frappe.db.rollback()
		frappe.clear_cache()


def test_an_admin_adds_a_transition_and_a_role(operator):
	frappe.set_user("Administrator")
	workflow = frappe.get_doc("Workflow", "Emergency Call Triage")
	pending, closed = (
		states_meaning("Emergency Call", PENDING)[0],
		states_meaning("Emergency Call", CLOSED)[0],
	)
	workflow.transitions = [t for t in workflow.transitions if t.next_state != closed]
	workflow.append(
		"transitions", {"state": pending, "action": "Close", "next_state": closed, "allowed": VIEWER}
	)
	workflow.save()
	try:
		frappe.set_user(operator)
		call = make_call()
		with pytest.raises(frappe.ValidationError):  # operators lost the right to close calls
			api.classify(call.name, "Prank")
	finally:
		frappe.db.rollback()
		frappe.clear_cache()


# ---------------------------------------------------------------- personal data


def test_caller_history_is_for_those_who_may_read_the_number(operator):
	number = random_number()
	make_call(caller_number=number, classification="Prank")
	call = make_call(caller_number=number)
	history = api.caller_history(call.name)["history"]
	assert history["by_class"]["Prank"] == 1 and history["total"] == 1
	for role in (VIEWER, AGENCY_STAFF):
		frappe.set_user(make_user([role], agency=make_agency() if role == AGENCY_STAFF else None))
		with pytest.raises(frappe.PermissionError):
			api.caller_history(call.name)


def test_the_watch_list_is_for_supervisors(operator):
	with pytest.raises(frappe.PermissionError):
		frappe.get_doc(
			{
				"doctype": "Caller Watch",
				"caller_number": random_number(),
				"expires_at": add_to_date(now_datetime(), days=1),
				"reason": "x",
			}
		).insert()
	frappe.set_user(make_user([SUPERVISOR]))
	frappe.get_doc(
		{
			"doctype": "Caller Watch",
			"caller_number": random_number(),
			"expires_at": add_to_date(now_datetime(), days=1),
			"reason": "Ancaman palsu",
		}
	).insert()


def test_the_call_workflow_is_seeded_once_then_belongs_to_the_admins():
	workflow = frappe.get_doc("Workflow", "Emergency Call Triage")
	assert {s.update_value for s in workflow.states} == set(TRIAGE_MEANINGS)
	assert {s.update_field for s in workflow.states} == {"triage_status"}
	workflow.append(
		"transitions",
		{
			"state": workflow.states[0].state,
			"action": "Close",
			"next_state": "Classified",
			"allowed": SUPERVISOR,
		},
	)
	workflow.save()
	assert call_workflow.seed() is False  # a migrate
	assert len(frappe.get_doc("Workflow", "Emergency Call Triage").transitions) == len(workflow.transitions)


def test_calls_fill_no_workflow_action_inbox(operator):
	call = make_call()
	api.classify(call.name, "Wrong Number")
	assert not frappe.db.exists(
		"Workflow Action", {"reference_doctype": "Emergency Call", "reference_name": call.name}
	)
