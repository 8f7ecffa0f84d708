"""Acknowledging escalations over HTTP, through gunicorn, as the desk alert and the log form do."""

import threading

import frappe
import pytest
from frappe.utils import add_to_date, now_datetime

from ambon_112.escalation.sweep import sweep
from ambon_112.roles import ADMINISTRATOR, AGENCY_STAFF, OPERATOR, SUPERVISOR, VIEWER
from ambon_112.tests.utils import (
	TEST_PASSWORD,
	deactivate_escalation_policies,
	escalation_level,
	make_agency,
	make_call,
	make_escalation_policy,
	make_user,
)
from tests.bench import error_message, login

pytestmark = pytest.mark.http

ACKNOWLEDGE = "/api/method/ambon_112.api.escalation.acknowledge"


@pytest.fixture(scope="module")
def world(site):
	"""Users of each role and a call whose escalation fired twice (level 1 and its reminder), committed."""
	frappe.db.rollback()
	were_active = deactivate_escalation_policies(commit=True)
	users = {role: make_user([role]) for role in (SUPERVISOR, ADMINISTRATOR, OPERATOR, VIEWER)}
	users["second supervisor"] = make_user([SUPERVISOR])
	users["agency"] = make_user([AGENCY_STAFF], agency=make_agency())
	policy = make_escalation_policy(
		"Emergency Call",
		[
			escalation_level(1, "Call Unanswered", 15, [SUPERVISOR], users=[users[OPERATOR]], repeat=1),
			escalation_level(2, "Call Unanswered", 600, [SUPERVISOR]),
		],
	).name
	call = make_call(received_at=add_to_date(now_datetime(), seconds=-200))
	sweep(add_to_date(now_datetime(), seconds=-120))
	sweep()
	frappe.db.commit()
	logs = frappe.get_all(
		"Escalation Log", filters={"reference_name": call.name}, pluck="name", order_by="repeat_no"
	)
	yield {"users": users, "call": call.name, "logs": logs, "policy": policy}
	frappe.db.rollback()
	frappe.db.set_value("Escalation Policy", policy, "is_active", 0)
	frappe.db.set_value("Emergency Call", call.name, {"ended_at": now_datetime(), "call_state": "Missed"})
	if were_active:
		frappe.db.set_value("Escalation Policy", {"name": ("in", were_active)}, "is_active", 1)
	frappe.db.commit()


def fresh(log):
	frappe.db.rollback()  # see what the server committed
	return frappe.db.get_value(
		"Escalation Log", log, ["status", "acknowledged_by", "acknowledged_at"], as_dict=True
	)


def test_only_supervisors_and_administrators_acknowledge(server, world):
	first = world["logs"][0]
	for who in (OPERATOR, VIEWER, "agency"):
		response = login(server, world["users"][who]).post(f"{server}{ACKNOWLEDGE}", json={"log": first})
		assert response.status_code == 403, (who, response.text[:300])
	assert fresh(first).acknowledged_by is None


def test_acknowledging_is_a_post_and_a_missing_log_is_a_404(server, world):
	session = login(server, world["users"][SUPERVISOR])
	assert session.get(f"{server}{ACKNOWLEDGE}", params={"log": world["logs"][0]}).status_code in (403, 405)
	missing = session.post(f"{server}{ACKNOWLEDGE}", json={"log": "ESC-1999-00001"})
	assert missing.status_code == 404
	assert "ESC-1999-00001" in missing.text
	assert fresh(world["logs"][0]).acknowledged_by is None


def test_nobody_edits_or_deletes_a_log_over_rest(server, world):
	log = world["logs"][0]
	session = login(server, world["users"][SUPERVISOR])
	edited = session.put(f"{server}/api/resource/Escalation Log/{log}", json={"status": "Cleared"})
	assert edited.status_code == 417 and "EscalationLogReadOnlyError" in edited.json()["exc_type"]
	for user, password in ((world["users"][ADMINISTRATOR], TEST_PASSWORD), ("Administrator", "admin")):
		deleted = login(server, user, password).delete(f"{server}/api/resource/Escalation Log/{log}")
		assert deleted.status_code == 403, deleted.text[:300]
	assert fresh(log).status == "Open"
	agency = login(server, world["users"]["agency"])
	assert agency.get(f"{server}/api/resource/Escalation Log").status_code == 403


def test_two_supervisors_acknowledge_at_once_and_the_first_one_counts(server, world):
	sessions = [login(server, world["users"][who]) for who in (SUPERVISOR, "second supervisor")]
	latest = world["logs"][-1]
	answers = [None, None]
	start = threading.Barrier(2)

	def acknowledge(i):
		start.wait()
		answers[i] = sessions[i].post(f"{server}{ACKNOWLEDGE}", json={"log": latest}, timeout=60)

	threads = [threading.Thread(target=acknowledge, args=(i,)) for i in range(2)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join(90)
	results = [answer.json()["message"] for answer in answers]
	assert all(answer.status_code == 200 for answer in answers)
	assert sorted(r["already"] for r in results) == [False, True]
	winner = next(r for r in results if not r["already"])
	assert {r["acknowledged_by"] for r in results} == {winner["acknowledged_by"]}
	# The level-1 alarm and its reminder are acknowledged together.
	for log in world["logs"]:
		state = fresh(log)
		assert (state.status, state.acknowledged_by) == ("Acknowledged", winner["acknowledged_by"])
	# And the reminders stop.
	sweep(add_to_date(now_datetime(), minutes=5))
	assert sorted(
		frappe.get_all("Escalation Log", filters={"reference_name": world["call"]}, pluck="name")
	) == sorted(world["logs"])


def test_a_bad_policy_gets_a_clear_message_and_writes_nothing(server, world):
	policy = {
		"policy_name": "Kebijakan salah",
		"applies_to": "Incident",
		"levels": [{"trigger_condition": "Call Unanswered", "delay_seconds": 15, "notify_roles": SUPERVISOR}],
	}
	operator = login(server, world["users"][OPERATOR])
	assert operator.post(f"{server}/api/resource/Escalation Policy", json=policy).status_code == 403
	admin = login(server, world["users"][ADMINISTRATOR])
	refused = admin.post(f"{server}/api/resource/Escalation Policy", json=policy)
	assert refused.status_code == 417
	assert refused.json()["exc_type"] == "InvalidEscalationPolicyError"
	# The admin reads the message in the site's language (Bahasa Indonesia): the trigger is named in it.
	from frappe.translate import get_full_dict

	assert get_full_dict("id").get("Call Unanswered", "Call Unanswered") in error_message(refused)
	frappe.db.rollback()
	assert not frappe.db.exists("Escalation Policy", "Kebijakan salah")
	assert not frappe.db.exists("Escalation Level", {"parent": "Kebijakan salah"})
