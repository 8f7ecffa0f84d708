"""One write path per field, in the DocTypes' field levels: the record of what happened (statuses,
times, the users who did it) sits at level 2, which no role writes but its owner; whoever reads a
DocType reads it."""

import pytest

from .conftest import load_doctypes

DOCTYPES = load_doctypes()
RECORD_LEVEL = 2
# DocType → (fields of the record, the roles that own them: their API writes them as that user).
RECORDS = {
	"Dispatch": (
		{"status", "cancel_reason"}
		| {
			f"{step}_{x}"
			for step in ("dispatched", "acknowledged", "en_route", "on_scene", "cleared", "cancelled")
			for x in ("at", "by")
		},
		set(),
	),
	"Incident": (
		{"triaged_at", "first_dispatch_at", "first_acknowledged_at", "first_en_route_at", "first_on_scene_at"}
		| {"resolved_at", "closed_at"},
		set(),
	),
	"Emergency Call": (
		{"telephony_call_id", "received_at", "answered_at", "ended_at", "transferred_at", "operator_event_at"}
		| {"answer_delay_seconds", "duration_seconds", "taken_by", "taken_at_position"},
		{"112 Integration"},
	),
	# Operations: the handover's record and acknowledgement (ambon_112.api.operations only).
	"Shift Handover": (
		{"status", "staffing_status", "operators_signed_on", "supervisors_signed_on", "shortfall", "items"}
		| {"acknowledged_by", "acknowledged_at"},
		set(),
	),
	# The console's state: the heartbeat endpoint and the minute's job only.
	"Operator Position": ({"console_status", "last_heartbeat", "unattended_since"}, set()),
	# Training: the drill's run (ambon_112.training.drill only).
	"Exercise Session": ({"status", "started_at", "ended_at", "random_seed"}, set()),
}
# Child DocType → (its parent, the record's fields): a row is written under its parent's levels.
CHILD_RECORDS = {
	# The score and what rang when (drill and scoring only); the trainer's remarks stay level 0.
	"Exercise Result": (
		"Exercise Session",
		{"trainee", "scenario", "call_no", "call", "due_at", "rung_at", "incident"}
		| {"total_score", "passed", "classified_at", "scored_at", "components", "timeline"},
	),
	# A trainee's pause for a live call (ambon_112.training.pause only).
	"Exercise Session Trainee": (
		"Exercise Session",
		{"paused", "paused_since", "paused_by_call", "paused_seconds"},
	),
}


def levels(doctype: str, right: str, level: int) -> set[str]:
	return {
		p["role"] for p in DOCTYPES[doctype]["permissions"] if p.get("permlevel", 0) == level and p.get(right)
	}


@pytest.mark.parametrize("doctype", sorted(RECORDS))
def test_the_record_is_written_only_by_its_owner_and_read_by_every_reader(doctype):
	fields, owners = RECORDS[doctype]
	by_name = {f["fieldname"]: f for f in DOCTYPES[doctype]["fields"]}
	assert {f for f in fields if by_name[f].get("permlevel") != RECORD_LEVEL} == set()
	assert levels(doctype, "write", RECORD_LEVEL) == owners
	assert levels(doctype, "read", RECORD_LEVEL) == levels(doctype, "read", 0)


def test_the_centres_orders_on_a_dispatch_are_written_by_the_centre_only():
	instructions = next(f for f in DOCTYPES["Dispatch"]["fields"] if f["fieldname"] == "instructions")
	assert instructions.get("permlevel") == 1
	assert "Agency Staff" in levels("Dispatch", "write", 0)  # the crew's own report (notes, more units)
	assert "Agency Staff" not in levels("Dispatch", "write", 1)
	assert levels("Dispatch", "read", 1) == levels("Dispatch", "read", 0)


@pytest.mark.parametrize("child", sorted(CHILD_RECORDS))
def test_a_child_rows_record_is_at_the_record_level_of_its_parent(child):
	parent, fields = CHILD_RECORDS[child]
	by_name = {f["fieldname"]: f for f in DOCTYPES[child]["fields"]}
	assert {f for f in fields if by_name[f].get("permlevel") != RECORD_LEVEL} == set()
	assert child in {f.get("options") for f in DOCTYPES[parent]["fields"] if f["fieldtype"] == "Table"}
	assert parent in RECORDS


def test_the_trainers_remarks_on_a_result_stay_writable():
	remarks = next(f for f in DOCTYPES["Exercise Result"]["fields"] if f["fieldname"] == "remarks")
	assert remarks.get("permlevel", 0) == 0
	assert "112 Trainer" in levels("Exercise Session", "write", 0)
