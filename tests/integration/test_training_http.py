"""Training records over HTTP: an operator reads their own Call Reviews, drills and certificates,
never another operator's (one shared condition for lists and single documents); a trainer writes
the remarks on a drill's results, never its record (the run, the score, a trainee's pause)."""

import json

import frappe
import pytest

from ambon_112.roles import OPERATOR, SUPERVISOR, TRAINER
from ambon_112.tests.utils import make_call, make_user, unique
from tests.bench import login

pytestmark = pytest.mark.http


@pytest.fixture(scope="module")
def world(site):
	own, other = make_user([OPERATOR]), make_user([OPERATOR])
	reviews = {}
	for operator in (own, other):
		reviews[operator] = (
			frappe.get_doc(
				{"doctype": "Call Review", "call": make_call(operator=operator).name, "operator": operator}
			)
			.insert(ignore_permissions=True)
			.name
		)
	certs = {
		operator: frappe.get_doc(
			{
				"doctype": "Operator Certificate",
				"operator": operator,
				"certificate": unique("Sertifikat"),
				"expires_on": "2044-01-01",
			}
		)
		.insert(ignore_permissions=True)
		.name
		for operator in (own, other)
	}
	trainer = make_user([TRAINER])
	sessions = {
		operator: frappe.get_doc(
			{
				"doctype": "Exercise Session",
				"title": unique("Latihan"),
				"trainer": trainer,
				"trainees": [{"trainee": operator}],
				"scenarios": [{"scenario": "Telepon iseng"}],
			}
		)
		.insert(ignore_permissions=True)
		.name
		for operator in (own, other)
	}
	supervisor = make_user([SUPERVISOR])
	frappe.db.commit()
	return frappe._dict(
		own=own, other=other, reviews=reviews, certs=certs, sessions=sessions, supervisor=supervisor
	)


@pytest.mark.parametrize(
	"doctype,key",
	[("Call Review", "reviews"), ("Operator Certificate", "certs"), ("Exercise Session", "sessions")],
)
def test_an_operator_reads_their_own_record_and_is_refused_anothers(server, world, doctype, key):
	session = login(server, world.own)
	mine, theirs = world[key][world.own], world[key][world.other]
	assert session.get(f"{server}/api/resource/{doctype}/{mine}").status_code == 200
	refused = session.get(f"{server}/api/resource/{doctype}/{theirs}")
	assert refused.status_code == 403
	listed = session.get(
		f"{server}/api/resource/{doctype}", params={"limit_page_length": 0, "fields": '["name"]'}
	).json()["data"]
	names = {row["name"] for row in listed}
	assert mine in names and theirs not in names
	count = session.get(f"{server}/api/method/frappe.client.get_count", params={"doctype": doctype}).json()[
		"message"
	]
	assert count == len(names)


def test_an_operator_writes_no_review_and_a_supervisor_reads_them_all(server, world):
	session = login(server, world.own)
	mine = world.reviews[world.own]
	response = session.put(f"{server}/api/resource/Call Review/{mine}", json={"comments": "bagus"})
	assert response.status_code == 403
	supervisor = login(server, world.supervisor)
	for review in world.reviews.values():
		assert supervisor.get(f"{server}/api/resource/Call Review/{review}").status_code == 200


def test_an_operator_does_not_list_the_results_of_anothers_drill(server, world):
	session = login(server, world.own)
	rows = session.get(
		f"{server}/api/resource/Exercise Result",
		params={"fields": '["parent"]', "limit_page_length": 0, "parent": "Exercise Session"},
	)
	parents = {row["parent"] for row in rows.json().get("data", [])} if rows.ok else set()
	assert world.sessions[world.other] not in parents


FORGED_AT = "2020-01-01 00:00:00"
SESSION_RECORD = ("status", "started_at", "ended_at")
RESULT_RECORD = ("total_score", "passed", "scored_at", "due_at")
TRAINEE_RECORD = ("paused", "paused_since", "paused_seconds")


@pytest.fixture(scope="module")
def scored(site):
	"""An ended drill as the drill module leaves it: a result scored 40 % (failed), the trainee not
	paused; its trainer, who may write the session."""
	trainer, trainee = make_user([TRAINER]), make_user([OPERATOR])
	session = frappe.get_doc(
		{
			"doctype": "Exercise Session",
			"title": unique("Latihan"),
			"trainer": trainer,
			"status": "Ended",
			"started_at": "2026-11-30 08:00:00",
			"ended_at": "2026-11-30 08:30:00",
			"trainees": [{"trainee": trainee}],
			"scenarios": [{"scenario": "Telepon iseng"}],
			"results": [
				{
					"trainee": trainee,
					"scenario": "Telepon iseng",
					"call_no": 1,
					"due_at": "2026-11-30 08:00:00",
					"total_score": 40,
					"passed": 0,
					"scored_at": "2026-11-30 08:30:00",
				}
			],
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	return frappe._dict(
		trainer=trainer, session=session.name, result=session.results[0].name, row=session.trainees[0].name
	)


def stored(doctype, name, fields):
	frappe.db.rollback()  # a fresh snapshot: what the server committed
	return frappe.db.get_value(doctype, name, list(fields), as_dict=True)


def set_value(session, server, doctype, name, values: dict):
	return session.post(
		f"{server}/api/method/frappe.client.set_value",
		data={"doctype": doctype, "name": name, "fieldname": json.dumps(values)},
	)


def test_a_trainer_writes_remarks_but_not_the_score_through_set_value(server, scored):
	before = stored("Exercise Result", scored.result, RESULT_RECORD)
	trainer = login(server, scored.trainer)
	forged = {"total_score": 100, "passed": 1, "scored_at": FORGED_AT, "due_at": FORGED_AT}
	answer = set_value(trainer, server, "Exercise Result", scored.result, {**forged, "remarks": "Cukup baik"})
	assert answer.ok, answer.text[:300]
	assert stored("Exercise Result", scored.result, [*RESULT_RECORD, "remarks"]) == {
		**before,
		"remarks": "Cukup baik",
	}


def test_a_trainer_does_not_rewrite_the_run_or_a_pause_through_set_value(server, scored):
	before = stored("Exercise Session", scored.session, SESSION_RECORD)
	paused_before = stored("Exercise Session Trainee", scored.row, TRAINEE_RECORD)
	trainer = login(server, scored.trainer)
	forged = {"status": "Planned", "started_at": FORGED_AT, "ended_at": FORGED_AT, "title": "Latihan ulang"}
	answer = set_value(trainer, server, "Exercise Session", scored.session, forged)
	assert answer.ok, answer.text[:300]
	assert stored("Exercise Session", scored.session, [*SESSION_RECORD, "title"]) == {
		**before,
		"title": "Latihan ulang",
	}
	pause = {"paused": 1, "paused_since": FORGED_AT, "paused_seconds": 999}
	answer = set_value(trainer, server, "Exercise Session Trainee", scored.row, pause)
	assert answer.ok, answer.text[:300]
	assert stored("Exercise Session Trainee", scored.row, TRAINEE_RECORD) == paused_before


def test_a_trainers_put_keeps_the_record_and_saves_the_remarks(server, scored):
	before = {
		"session": stored("Exercise Session", scored.session, SESSION_RECORD),
		"result": stored("Exercise Result", scored.result, RESULT_RECORD),
		"row": stored("Exercise Session Trainee", scored.row, TRAINEE_RECORD),
	}
	trainer = login(server, scored.trainer)
	url = f"{server}/api/resource/Exercise Session/{scored.session}"
	doc = trainer.get(url).json()["data"]
	assert doc["results"][0]["total_score"] == 40  # the trainer reads the record
	answer = trainer.put(
		url,
		json={
			"status": "Running",
			"started_at": FORGED_AT,
			"results": [{**doc["results"][0], "total_score": 100, "passed": 1, "remarks": "Ulangi"}],
			"trainees": [{**doc["trainees"][0], "paused": 1, "paused_seconds": 999}],
		},
	)
	assert answer.ok, answer.text[:300]
	assert stored("Exercise Session", scored.session, SESSION_RECORD) == before["session"]
	assert stored("Exercise Result", scored.result, [*RESULT_RECORD, "remarks"]) == {
		**before["result"],
		"remarks": "Ulangi",
	}
	assert stored("Exercise Session Trainee", scored.row, TRAINEE_RECORD) == before["row"]


def test_a_trainer_creates_a_session_without_results_or_a_pause_of_their_own(server, scored):
	trainee = frappe.db.get_value("Exercise Session Trainee", scored.row, "trainee")
	trainer = login(server, scored.trainer)
	answer = trainer.post(
		f"{server}/api/resource/Exercise Session",
		json={
			"title": unique("Latihan"),
			"trainer": scored.trainer,
			"status": "Ended",
			"random_seed": "forged",
			"trainees": [{"trainee": trainee, "paused": 1, "paused_seconds": 999}],
			"scenarios": [{"scenario": "Telepon iseng"}],
			"results": [{"trainee": trainee, "scenario": "Telepon iseng", "total_score": 100, "passed": 1}],
		},
	)
	assert answer.ok, answer.text[:300]
	name = answer.json()["data"]["name"]
	assert stored("Exercise Session", name, ["status", "random_seed"]) == {
		"status": "Planned",
		"random_seed": None,
	}
	assert frappe.get_all("Exercise Result", filters={"parent": name}) == []
	row = frappe.get_all(
		"Exercise Session Trainee", filters={"parent": name}, fields=["trainee", *TRAINEE_RECORD]
	)
	assert [(r.trainee, r.paused, r.paused_seconds) for r in row] == [(trainee, 0, 0)]
