"""The escalation sweep on a real site, in-process, with frozen time: every trigger, levels,
reminders, clearing, acknowledgement, priority raise, policy edits and the notifications."""

from datetime import timedelta

import frappe
import pytest
from freezegun import freeze_time

from ambon_112.escalation.acknowledge import acknowledge
from ambon_112.escalation.sweep import sweep
from ambon_112.roles import ADMINISTRATOR, AGENCY_STAFF, OPERATOR, SUPERVISOR
from ambon_112.tests.utils import (
	NATSEPA,
	deactivate_escalation_policies,
	escalation_level,
	make_agency,
	make_call,
	make_dispatch,
	make_escalation_policy,
	make_incident,
	make_unit,
	make_user,
	outgoing_mail_account,
	walk_incident,
)

# Microseconds: Frappe compares a saved "modified" as text, and the database drops a zero fraction.
START = "2026-03-01 18:00:00.250000"  # 03:00 WIT on 2 March


@pytest.fixture
def clock():
	with freeze_time(START, tick=False) as frozen:
		yield frozen


@pytest.fixture(autouse=True)
def only_this_tests_policies(site):
	deactivate_escalation_policies()


@pytest.fixture
def supervisor():
	return make_user([SUPERVISOR])


def logs(name, **filters):
	return frappe.get_all(
		"Escalation Log",
		filters={"reference_name": name, **filters},
		fields=[
			"name",
			"policy",
			"level",
			"repeat_no",
			"status",
			"fired_at",
			"cleared_at",
			"trigger_condition",
		],
		order_by="level, repeat_no",
	)


def fired(name, policy=None):
	return [(log.level, log.repeat_no) for log in logs(name, **({"policy": policy} if policy else {}))]


def sweep_after(clock, seconds):
	clock.tick(timedelta(seconds=seconds))
	return sweep()


def test_call_unanswered_two_levels_then_answered(clock, supervisor):
	policy = make_escalation_policy(
		"Emergency Call",
		[
			escalation_level(1, "Call Unanswered", 15, [SUPERVISOR]),
			escalation_level(2, "Call Unanswered", 30, [SUPERVISOR, ADMINISTRATOR], repeat=1),
		],
	).name
	call = make_call()
	sweep_after(clock, 10)
	assert fired(call.name) == []
	sweep_after(clock, 10)  # 20 s
	assert fired(call.name) == [(1, 0)]
	sweep_after(clock, 15)  # 35 s
	assert fired(call.name) == [(1, 0), (2, 0)]
	sweep_after(clock, 30)  # 65 s: less than a minute after level 2
	assert fired(call.name) == [(1, 0), (2, 0)]
	sweep_after(clock, 30)  # 95 s
	assert fired(call.name) == [(1, 0), (2, 0), (2, 1)]
	call.answered_at = frappe.utils.now_datetime()
	call.save()
	result = sweep_after(clock, 300)
	assert fired(call.name) == [(1, 0), (2, 0), (2, 1)]  # stopped
	assert {log.status for log in logs(call.name)} == {"Cleared"}
	assert result["cleared"] >= 3
	desk = frappe.get_all(
		"Notification Log",
		filters={"for_user": supervisor, "document_type": "Escalation Log"},
		pluck="document_name",
	)
	assert sorted(desk) == sorted(log.name for log in logs(call.name, policy=policy))


def test_call_answered_but_not_classified(clock, supervisor):
	make_escalation_policy("Emergency Call", [escalation_level(1, "Call Not Classified", 120, [SUPERVISOR])])
	call = make_call(answered_at=frappe.utils.now_datetime())
	missed = make_call(ended_at=frappe.utils.now_datetime())  # rang out: nobody to classify it
	sweep_after(clock, 100)
	assert fired(call.name) == []
	sweep_after(clock, 60)
	assert fired(call.name) == [(1, 0)] and fired(missed.name) == []
	call.classification = "Information Request"
	call.save()
	sweep_after(clock, 60)
	assert [log.status for log in logs(call.name)] == ["Cleared"]


def test_incident_not_triaged_until_triaged(clock, supervisor):
	make_escalation_policy(
		"Incident", [escalation_level(1, "Incident Not Triaged", 120, [SUPERVISOR], repeat=5)]
	)
	incident = make_incident("Flood")
	sweep_after(clock, 130)
	assert fired(incident.name) == [(1, 0)]
	sweep_after(clock, 300)
	assert fired(incident.name) == [(1, 0), (1, 1)]
	walk_incident(incident, "Triaged")
	sweep_after(clock, 600)
	assert fired(incident.name) == [(1, 0), (1, 1)]
	assert {log.status for log in logs(incident.name)} == {"Cleared"}


def test_p1_not_dispatched_within_60_s_of_the_answer(clock, supervisor):
	make_escalation_policy(
		"Incident", [escalation_level(1, "Incident Not Dispatched", 60, [SUPERVISOR])], priority_p1=1
	)
	fire, flood = make_incident("Fire"), make_incident("Flood")  # P1 and P2
	clock.tick(timedelta(seconds=20))
	make_call(incident=fire.name, answered_at=frappe.utils.now_datetime())  # answered 20 s after the report
	sweep_after(clock, 50)  # 70 s after the report, 50 s after the answer
	assert fired(fire.name) == []
	sweep_after(clock, 15)  # 65 s after the answer
	assert fired(fire.name) == [(1, 0)]
	assert fired(flood.name) == []  # P2: not this policy's
	make_dispatch(fire.name, unit=make_unit(make_agency("Fire")))
	sweep_after(clock, 60)
	assert [log.status for log in logs(fire.name)] == ["Cleared"]


def test_dispatch_not_acknowledged_not_en_route_not_on_scene(clock, supervisor):
	agency = make_agency(
		"Fire",
		contacts=[
			{
				"label": "Piket Damkar",
				"phone": "0911-352444",
				"email": "piket@damkar.test",
				"is_on_duty_contact": 1,
			}
		],
	)
	crew = make_user([AGENCY_STAFF], agency=agency)
	other_crew = make_user([AGENCY_STAFF], agency=make_agency("Fire"))
	policy = make_escalation_policy(
		"Dispatch",
		[
			escalation_level(1, "Dispatch Not Acknowledged", 60, agency=True),
			escalation_level(2, "Unit Not En Route", 80, [SUPERVISOR]),
			escalation_level(3, "Unit Not On Scene", 480, [SUPERVISOR]),
		],
	).name
	dispatch = make_dispatch(make_incident("Fire").name, unit=make_unit(agency))
	sweep_after(clock, 65)
	assert fired(dispatch.name) == [(1, 0)]
	(first,) = logs(dispatch.name)
	recipients = frappe.get_all(
		"Escalation Log Recipient",
		filters={"parent": first.name},
		fields=["user", "recipient", "phone", "channels"],
	)
	assert {r.user for r in recipients if r.user} == {crew}  # not the other fire brigade's crew
	assert not frappe.db.exists("Notification Log", {"for_user": other_crew})
	(contact,) = [r for r in recipients if not r.user]
	assert (contact.recipient, contact.phone) == ("Piket Damkar", "0911-352444")
	# The agency's portal user is pointed at the dispatch, not at a log they may not read.
	# (The dispatch itself notified the crew too; every notification points at the dispatch.)
	assert {
		(n.document_type, n.document_name)
		for n in frappe.get_all(
			"Notification Log", filters={"for_user": crew}, fields=["document_type", "document_name"]
		)
	} == {("Dispatch", dispatch.name)}

	dispatch.status = "Acknowledged"
	dispatch.save()
	sweep_after(clock, 20)  # 85 s
	assert fired(dispatch.name) == [(1, 0), (2, 0)]
	assert [log.status for log in logs(dispatch.name)] == ["Cleared", "Open"]
	dispatch.status = "En Route"
	dispatch.save()
	sweep_after(clock, 400)  # 485 s
	assert fired(dispatch.name) == [(1, 0), (2, 0), (3, 0)]
	dispatch.status = "On Scene"
	dispatch.save()
	sweep_after(clock, 600)
	assert fired(dispatch.name, policy) == [(1, 0), (2, 0), (3, 0)]
	assert {log.status for log in logs(dispatch.name)} == {"Cleared"}


def test_incident_open_too_long(clock, supervisor):
	make_escalation_policy(
		"Incident",
		[
			escalation_level(1, "Incident Open Too Long", 4 * 3600, [SUPERVISOR]),
			escalation_level(2, "Incident Open Too Long", 12 * 3600, [SUPERVISOR], repeat=60),
		],
	)
	incident = make_incident("Fallen Tree")
	incident = walk_incident(incident, "On Scene")
	sweep_after(clock, 3 * 3600)
	assert fired(incident.name) == []
	sweep_after(clock, 3600 + 30)
	assert fired(incident.name) == [(1, 0)]
	sweep_after(clock, 8 * 3600)
	assert fired(incident.name) == [(1, 0), (2, 0)]
	sweep_after(clock, 3600)
	assert fired(incident.name) == [(1, 0), (2, 0), (2, 1)]
	walk_incident(incident, "Closed")
	sweep_after(clock, 3600)
	assert len(fired(incident.name)) == 3


def test_acknowledgement_stops_the_reminders(clock, supervisor):
	make_escalation_policy(
		"Emergency Call", [escalation_level(1, "Call Unanswered", 15, [SUPERVISOR], repeat=1)]
	)
	call = make_call()
	sweep_after(clock, 20)
	sweep_after(clock, 60)
	assert fired(call.name) == [(1, 0), (1, 1)]
	frappe.realtime.clear_realtime_log()
	frappe.set_user(supervisor)
	result = acknowledge(logs(call.name)[-1].name)
	frappe.set_user("Administrator")
	told = [
		room for event, _, room in frappe.local._realtime_log if event == "ambon112_escalation_acknowledged"
	]
	assert f"user:{supervisor}" in told and all(room.startswith("user:") for room in told)
	assert result["acknowledged_by"] == supervisor and not result["already"]
	assert {(log.status) for log in logs(call.name)} == {"Acknowledged"}  # the earlier one too
	sweep_after(clock, 600)
	assert fired(call.name) == [(1, 0), (1, 1)]


def test_priority_is_raised_once_and_never_past_p1(clock, supervisor):
	make_escalation_policy(
		"Incident",
		[escalation_level(1, "Incident Not Dispatched", 60, [SUPERVISOR], repeat=1, raise_priority=True)],
	)
	tree, fire = make_incident("Fallen Tree"), make_incident("Fire")  # P3 and P1
	sweep_after(clock, 70)
	assert frappe.db.get_value("Incident", tree.name, "priority") == "P2"
	(log,) = frappe.get_all(
		"Escalation Log", filters={"reference_name": tree.name}, fields=["priority_before", "priority_after"]
	)
	assert (log.priority_before, log.priority_after) == ("P3", "P2")
	assert frappe.db.exists("Comment", {"reference_name": tree.name, "content": ("like", "%P3%P2%")})
	sweep_after(clock, 60)  # the reminder notifies again but does not raise again
	assert fired(tree.name) == [(1, 0), (1, 1)]
	assert frappe.db.get_value("Incident", tree.name, "priority") == "P2"
	assert frappe.db.get_value("Incident", fire.name, "priority") == "P1"


def test_raised_priority_reaches_the_open_dispatches(clock, supervisor):
	make_escalation_policy(
		"Dispatch", [escalation_level(1, "Dispatch Not Acknowledged", 60, [SUPERVISOR], raise_priority=True)]
	)
	incident = make_incident("Fallen Tree")
	dispatch = make_dispatch(incident.name, agency=make_agency("Public Order"))
	second = make_dispatch(incident.name, agency=make_agency("Environment"))
	assert dispatch.priority == "P3"
	sweep_after(clock, 70)
	# Both dispatches are late, but the incident goes up one step, not two.
	assert frappe.db.get_value("Incident", incident.name, "priority") == "P2"
	assert {frappe.db.get_value("Dispatch", d.name, "priority") for d in (dispatch, second)} == {"P2"}
	raised = frappe.get_all(
		"Escalation Log",
		filters={"incident": incident.name, "priority_after": ("is", "set")},
		fields=["priority_before", "priority_after"],
	)
	assert raised == [{"priority_before": "P3", "priority_after": "P2"}]


def test_a_policy_edited_in_the_desk_counts_on_the_next_sweep(clock, supervisor):
	policy = make_escalation_policy(
		"Incident", [escalation_level(1, "Incident Not Triaged", 600, [SUPERVISOR])]
	)
	incident = make_incident("Flood")
	sweep_after(clock, 120)
	assert fired(incident.name) == []
	frappe.set_user(make_user([ADMINISTRATOR]))
	doc = frappe.get_doc("Escalation Policy", policy.name)
	doc.levels[0].delay_seconds = 60
	doc.save()  # as the desk does
	frappe.set_user("Administrator")
	sweep_after(clock, 1)
	assert fired(incident.name) == [(1, 0)]
	other = make_incident("Flood")
	doc.reload()
	doc.is_active = 0
	doc.save()
	sweep_after(clock, 3600)
	assert fired(other.name) == []


def test_filters_priority_type_subtree_agency_and_city(clock, supervisor):
	damkar, polisi = make_agency("Fire"), make_agency("Police")
	level = [escalation_level(1, "Dispatch Not Acknowledged", 60, [SUPERVISOR])]
	disaster = make_escalation_policy("Dispatch", level, incident_type="Natural Disaster").name
	city_p1 = make_escalation_policy("Dispatch", level, priority_p1=1, inside_city_only=True).name
	police = make_escalation_policy("Dispatch", level, agency=polisi).name
	flood = make_dispatch(make_incident("Flood").name, agency=damkar)  # P2, a natural disaster
	city_fire = make_dispatch(make_incident("Fire").name, agency=damkar)  # P1 in the city
	beach_fire = make_dispatch(make_incident("Fire", position=NATSEPA).name, agency=damkar)
	crime = make_dispatch(make_incident("Crime").name, agency=polisi)
	sweep_after(clock, 90)
	policies = {d.name: {log.policy for log in logs(d.name)} for d in (flood, city_fire, beach_fire, crime)}
	assert policies == {
		flood.name: {disaster},
		city_fire.name: {city_p1},
		beach_fire.name: set(),
		crime.name: {police},
	}


def test_incident_policy_for_an_agency_follows_its_dispatches(clock, supervisor):
	basarnas = make_agency("Search and Rescue")
	policy = make_escalation_policy(
		"Incident", [escalation_level(1, "Incident Open Too Long", 60, [SUPERVISOR])], agency=basarnas
	).name
	searched, other = make_incident("Missing Person"), make_incident("Missing Person")
	make_dispatch(searched.name, agency=basarnas)
	sweep_after(clock, 90)
	assert fired(searched.name, policy) == [(1, 0)] and fired(other.name, policy) == []


def test_email_only_when_an_outgoing_account_exists(clock, supervisor):
	make_escalation_policy("Emergency Call", [escalation_level(1, "Call Unanswered", 15, users=[supervisor])])
	frappe.db.set_value("Email Account", {"enable_outgoing": 1}, "default_outgoing", 0)
	quiet = make_call()
	sweep_after(clock, 20)
	(log,) = logs(quiet.name)
	assert not frappe.db.exists(
		"Email Queue", {"reference_doctype": "Escalation Log", "reference_name": log.name}
	)
	with outgoing_mail_account(commit=False):
		loud = make_call()
		sweep_after(clock, 20)
		(log,) = logs(loud.name)
		(queued,) = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Escalation Log", "reference_name": log.name},
			pluck="name",
		)
		recipients = frappe.get_all("Email Queue Recipient", filters={"parent": queued}, pluck="recipient")
		assert recipients == [supervisor]


def test_realtime_alerts_go_to_each_users_room_never_the_whole_site(clock, supervisor):
	operator = make_user([OPERATOR])
	make_escalation_policy(
		"Emergency Call", [escalation_level(1, "Call Unanswered", 15, [SUPERVISOR], users=[operator])]
	)
	call = make_call(caller_number="081311112222", caller_name="Ibu Maria Latuconsina")
	frappe.realtime.clear_realtime_log()
	sweep_after(clock, 20)
	# What this transaction emits through Redis when it commits (the test rolls it back instead).
	alerts = [
		(room, alert)
		for event, message, room in frappe.local._realtime_log
		if event == "ambon112_escalation"
		for alert in message["alerts"]
	]
	mine = {room for room, message in alerts if message["reference_name"] == call.name}
	assert {f"user:{supervisor}", f"user:{operator}"} <= mine
	assert all(room.startswith("user:") for room, _ in alerts)
	(log,) = logs(call.name)
	to = {room: m for room, m in alerts if m["reference_name"] == call.name}
	assert to[f"user:{operator}"]["log"] == log.name
	assert (to[f"user:{supervisor}"]["can_acknowledge"], to[f"user:{operator}"]["can_acknowledge"]) == (
		True,
		False,
	)
	# Caller data (UU 27/2022) stays in the call: not in the alerts, the bell or the log.
	said = frappe.as_json(
		[to, frappe.get_doc("Escalation Log", log.name).as_dict()]
		+ frappe.get_all("Notification Log", filters={"document_name": log.name}, fields=["subject"])
	)
	assert "311112222" not in said and "Latuconsina" not in said


def test_the_sweep_reads_open_items_through_indexes(clock, supervisor, monkeypatch):
	"""Every query the sweep sends to the big tables can be answered from an index."""
	make_escalation_policy(
		"Emergency Call",
		[
			escalation_level(1, "Call Unanswered", 15, [SUPERVISOR]),
			escalation_level(2, "Call Not Classified", 60, [SUPERVISOR]),
		],
	)
	make_escalation_policy("Incident", [escalation_level(1, "Incident Not Dispatched", 60, [SUPERVISOR])])
	make_escalation_policy("Dispatch", [escalation_level(1, "Unit Not On Scene", 60, [SUPERVISOR])])
	make_call()
	make_dispatch(make_incident().name, agency=make_agency())
	seen = []
	real_sql = frappe.db.sql

	def recording_sql(query, *args, **kwargs):
		seen.append((str(query), args[0] if args else kwargs.get("values")))
		return real_sql(query, *args, **kwargs)

	monkeypatch.setattr(frappe.db, "sql", recording_sql)
	sweep_after(clock, 120)
	monkeypatch.undo()
	big = ("tabEmergency Call", "tabIncident", "tabDispatch", "tabEscalation Log", "tabIncident Agency")
	reads = [(q, v) for q, v in seen if q.lstrip().lower().startswith("select") and any(t in q for t in big)]
	assert len(reads) >= 6
	for query, values in reads:
		plan = frappe.db.sql(f"explain {query}", *([values] if values else []), as_dict=True)
		for row in plan:
			if (
				row.table
				and row.table.strip("`") in ("c", "i", "d", *big)
				and "Escalation Policy" not in query
			):
				assert row.possible_keys, (query, row)
