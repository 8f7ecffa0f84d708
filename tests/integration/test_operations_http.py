"""Operations over HTTP as each role: who may sign on and send heartbeats, who sees which roster, who
writes the console's state and the handover's acknowledgement (only their own API)."""

import json

import frappe
import pytest

from ambon_112.roles import OPERATOR, SUPERVISOR, VIEWER
from ambon_112.tests.utils import make_position, make_user
from tests.bench import login

pytestmark = pytest.mark.http

HEARTBEAT = "/api/method/ambon_112.api.operations.heartbeat"
ACKNOWLEDGE = "/api/method/ambon_112.api.operations.acknowledge_handover"
FORGED_AT = "2020-01-01 00:00:00"


@pytest.fixture(scope="module")
def world(site):
	people = {
		"operator": make_user([OPERATOR]),
		"colleague": make_user([OPERATOR]),
		"supervisor": make_user([SUPERVISOR]),
		"incoming": make_user([SUPERVISOR]),
		"viewer": make_user([VIEWER]),
	}
	position = make_position(people["operator"], on_duty=1)
	mine, theirs = (
		frappe.get_doc(
			{
				"doctype": "Roster Assignment",
				"user": people[who],
				"shift_type": "Pagi",
				"shift_date": "2031-09-01",
			}
		)
		.insert(ignore_permissions=True)
		.name
		for who in ("operator", "colleague")
	)
	handover = frappe.get_doc(
		{
			"doctype": "Shift Handover",
			"title": "Serah terima HTTP",
			"shift_type": "Pagi",
			"shift_date": "2031-09-01",
			"shift_start": "2031-09-01 07:00:00",
			"shift_key": f"http|{frappe.generate_hash(length=6)}",
			"incoming_supervisor": people["incoming"],
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	yield {**people, "position": position, "mine": mine, "theirs": theirs, "handover": handover.name}
	frappe.db.set_value("Operator Position", position, "on_duty", 0)
	frappe.db.commit()


def test_the_signed_on_operator_beats_and_a_viewer_may_not(server, world):
	operator = login(server, world["operator"])
	response = operator.post(f"{server}{HEARTBEAT}", timeout=30)
	assert response.status_code == 200, response.text
	assert response.json()["message"]["position"] == world["position"]
	frappe.db.rollback()
	beat = frappe.db.get_value("Operator Position", world["position"], "last_heartbeat")
	assert (frappe.utils.now_datetime() - beat).total_seconds() < 30
	assert login(server, world["viewer"]).post(f"{server}{HEARTBEAT}", timeout=30).status_code == 403


def test_the_console_state_is_written_by_its_own_path_only(server, world):
	operator = login(server, world["operator"])
	response = operator.put(
		f"{server}/api/resource/Operator Position/{world['position']}",
		json={"console_status": "Lost", "last_heartbeat": FORGED_AT, "unattended_since": FORGED_AT},
		timeout=30,
	)
	assert response.status_code in (200, 403), response.text
	frappe.db.rollback()
	stored = frappe.db.get_value(
		"Operator Position", world["position"], ["console_status", "last_heartbeat"], as_dict=True
	)
	assert stored.console_status != "Lost" and str(stored.last_heartbeat) != FORGED_AT


def test_operators_list_only_their_own_roster(server, world):
	operator = login(server, world["operator"])
	response = operator.get(
		f"{server}/api/resource/Roster Assignment",
		params={"filters": json.dumps([["shift_date", "=", "2031-09-01"]]), "fields": '["name"]'},
		timeout=30,
	)
	assert response.status_code == 200, response.text
	assert [r["name"] for r in response.json()["data"]] == [world["mine"]]
	other = operator.get(f"{server}/api/resource/Roster Assignment/{world['theirs']}", timeout=30)
	assert other.status_code == 403
	created = operator.post(
		f"{server}/api/resource/Roster Assignment",
		json={"user": world["operator"], "shift_type": "Siang", "shift_date": "2031-09-01"},
		timeout=30,
	)
	assert created.status_code == 403
	supervisor = login(server, world["supervisor"])
	listed = supervisor.get(
		f"{server}/api/resource/Roster Assignment",
		params={"filters": json.dumps([["shift_date", "=", "2031-09-01"]]), "limit_page_length": 0},
		timeout=30,
	)
	assert {world["mine"], world["theirs"]} <= {r["name"] for r in listed.json()["data"]}


def test_only_the_incoming_supervisor_acknowledges_and_nobody_forges_it(server, world):
	supervisor = login(server, world["supervisor"])
	forged = supervisor.put(
		f"{server}/api/resource/Shift Handover/{world['handover']}",
		json={"status": "Acknowledged", "acknowledged_by": world["supervisor"], "outgoing_notes": "Aman"},
		timeout=30,
	)
	assert forged.status_code == 200, forged.text
	frappe.db.rollback()
	assert frappe.db.get_value(
		"Shift Handover", world["handover"], ["status", "acknowledged_by", "outgoing_notes"]
	) == ("Draft", None, "Aman")
	refused = supervisor.post(f"{server}{ACKNOWLEDGE}", data={"handover_name": world["handover"]}, timeout=30)
	assert refused.status_code == 403
	incoming = login(server, world["incoming"])
	done = incoming.post(f"{server}{ACKNOWLEDGE}", data={"handover_name": world["handover"]}, timeout=30)
	assert done.status_code == 200, done.text
	frappe.db.rollback()
	assert frappe.db.get_value("Shift Handover", world["handover"], ["status", "acknowledged_by"]) == (
		"Acknowledged",
		world["incoming"],
	)
