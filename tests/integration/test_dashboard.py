"""The "112 Ambon" workspace's number cards and charts count what they claim, as each role sees it.

Everything happens on one day no other test uses (2039-12-31 WIT, a Saturday), with the
clock frozen there, and is rolled back afterwards.
"""

import json
from datetime import date, datetime, timedelta

import frappe
import pytest
from frappe.desk.doctype.number_card.number_card import get_result

from ambon_112.api import dashboard as api
from ambon_112.roles import AGENCY_STAFF, OPERATOR, VIEWER
from ambon_112.tests.utils import (
	BATU_MERAH,
	PASSO,
	POKA,
	frozen_at,
	make_agency,
	make_call,
	make_dispatch,
	make_incident,
	make_unit,
	make_user,
	walk_incident,
)

DAY = date(2039, 12, 31)
NOW = datetime(2039, 12, 31, 10, 20)
OPEN = ("New", "Triaged", "Dispatched", "On Scene", "Resolved")


def at(hour, minute=0, day=DAY):
	return datetime.combine(day, datetime.min.time()) + timedelta(hours=hour, minutes=minute)


def card_value(name):
	card = frappe.get_doc("Number Card", name)
	return get_result(card.as_dict(), json.loads(card.filters_json or "[]"))


def call(received, delay=None, **kwargs):
	answered = received + timedelta(seconds=delay) if delay is not None else None
	return make_call(
		received_at=received,
		answered_at=answered,
		ended_at=(answered or received) + timedelta(seconds=30),
		**kwargs,
	)


def test_open_incident_cards_count_open_incidents_of_their_priority_without_drills():
	with frozen_at(NOW):
		before = {p: card_value(f"Open {p} Incidents") for p in ("P1", "P2", "P3", "P4")}
		for priority in ("P1", "P1", "P2", "P4"):
			make_incident(priority=priority)
		walk_incident(make_incident(priority="P1"), "Closed")
		make_incident(priority="P1", is_exercise=1)
		after = {p: card_value(f"Open {p} Incidents") for p in ("P1", "P2", "P3", "P4")}
	assert {p: after[p] - before[p] for p in after} == {"P1": 2, "P2": 1, "P3": 0, "P4": 1}


def test_call_cards_count_todays_calls_in_wit():
	with frozen_at(NOW):
		assert card_value("Calls Today") == 0 and card_value("Emergency Calls Today") == 0
		call(at(0, 1), 5, classification="Emergency")
		call(at(9, 30), 5, classification="Prank")
		call(at(10, 0), classification="Ghost / Silent")
		call(at(8), 5, classification="Emergency", is_exercise=1)  # a drill
		call(at(23, 59, DAY - timedelta(days=1)), 5, classification="Emergency")  # yesterday, WIT
		assert card_value("Calls Today") == 3
		assert card_value("Emergency Calls Today") == 1


def test_answered_within_15_seconds_today_is_the_share_of_answered_voice_calls():
	with frozen_at(NOW):
		assert api.answered_within_15s_today() == "–"  # nothing answered yet today: no share, not 0 %
		for delay in (3, 9, 15, 16, 40):
			call(at(7, delay), delay)
		call(at(8), None)  # abandoned: not an answer time
		call(at(9), 2, channel="SMS")
		call(at(9, 5), 90, is_exercise=1)
		card = api.answered_within_15s_today()
	assert card["value"] == 60.0 and card["fieldtype"] == "Percent"
	assert card["route"] == ["query-report", "Call Answer Time"]
	assert card["route_options"]["from_date"] == str(DAY)


def test_unit_cards_count_active_available_and_busy_units():
	before = card_value("Units Available"), card_value("Units Busy")
	agency = make_agency()
	units = [make_unit(agency) for _ in range(3)]
	make_unit(agency, is_active=0)
	make_dispatch(make_incident().name, unit=units[0])
	assert (card_value("Units Available") - before[0], card_value("Units Busy") - before[1]) == (2, 1)


def test_calls_per_hour_covers_the_last_24_hours_by_class():
	with frozen_at(NOW):
		call(at(10, 10), 5, classification="Emergency")  # the current hour
		call(at(10, 0), 5, classification="Prank")
		call(at(11, 0, DAY - timedelta(days=1)), 5, classification="Prank")  # the oldest hour in the window
		call(at(10, 59, DAY - timedelta(days=1)), 5, classification="Prank")  # one minute too old
		call(at(3, 30), 5)  # not classified yet
		call(at(4), 5, classification="Emergency", is_exercise=1)
		chart = api.calls_per_hour(chart_name="Calls in the Last 24 Hours", refresh=1)
	assert chart["labels"][0] == "11:00" and chart["labels"][-1] == "10:00" and len(chart["labels"]) == 24
	series = {d["name"]: d["values"] for d in chart["datasets"]}
	assert series["Emergency"][-1] == 1 and sum(series["Emergency"]) == 1
	assert series["Prank"][0] == 1 and series["Prank"][-1] == 1 and sum(series["Prank"]) == 2
	assert series["Unclassified"][chart["labels"].index("03:00")] == 1
	assert next(iter(series)) == "Emergency"  # emergencies at the bottom of the stack


def test_calls_today_by_class():
	with frozen_at(NOW):
		for cls in ("Prank", "Prank", "Emergency", ""):
			call(at(6), 5, classification=cls)
		chart = api.calls_today_by_class()
	assert dict(zip(chart["labels"], chart["datasets"][0]["values"], strict=True)) == {
		"Prank": 2,
		"Emergency": 1,
		"Unclassified": 1,
	}


def test_incidents_this_week_by_type_and_this_month_by_kecamatan():
	monday = DAY - timedelta(days=DAY.weekday())  # weeks start on Monday (Senin)
	with frozen_at(NOW):
		make_incident("Fire", position=BATU_MERAH, reported_at=at(1))
		make_incident("Fire", position=POKA, reported_at=at(2, day=monday))
		make_incident("Flood", position=PASSO, reported_at=at(3, day=monday))
		make_incident(
			"Flood", position=PASSO, reported_at=at(23, day=monday - timedelta(days=1))
		)  # last week
		make_incident("Fire", position=POKA, reported_at=at(5, day=date(2039, 11, 30)))  # last month
		make_incident("Crime", position=POKA, reported_at=at(6), is_exercise=1)
		by_type = api.incidents_this_week_by_type()
		by_kecamatan = api.incidents_this_month_by_kecamatan()
	assert dict(zip(by_type["labels"], by_type["datasets"][0]["values"], strict=True)) == {
		"Fire": 2,
		"Flood": 1,
	}
	counts = dict(zip(by_kecamatan["labels"], by_kecamatan["datasets"][0]["values"], strict=True))
	assert counts == {"Nusaniwe": 0, "Sirimau": 1, "Baguala": 2, "Teluk Ambon": 1, "Leitimur Selatan": 0}


def test_desk_roles_see_the_charts_and_cards_and_agency_users_do_not():
	operator, viewer = make_user([OPERATOR]), make_user([VIEWER])
	agency_user = make_user([AGENCY_STAFF], agency=make_agency())
	charts = frappe.get_all("Dashboard Chart", filters={"module": "Command Centre"}, pluck="name")
	cards = frappe.get_all("Number Card", filters={"module": "Command Centre"}, pluck="name")
	assert len(charts) == 4 and len(cards) == 10
	for user in (operator, viewer):
		for name in charts:
			assert frappe.has_permission(
				"Dashboard Chart", doc=frappe.get_doc("Dashboard Chart", name), user=user
			)
		for name in cards:
			assert frappe.has_permission("Number Card", doc=frappe.get_doc("Number Card", name), user=user)
	for name in charts:
		assert not frappe.has_permission(
			"Dashboard Chart", doc=frappe.get_doc("Dashboard Chart", name), user=agency_user
		)
	frappe.set_user(agency_user)
	for endpoint in (api.calls_per_hour, api.calls_today_by_class, api.answered_within_15s_today):
		with pytest.raises(frappe.PermissionError):
			endpoint()
