"""The unit board's data: right with 300 units, a constant number of queries, scoped per user."""

import frappe
from frappe.utils import add_to_date, now_datetime

from ambon_112.api.dispatch import dispatch_units
from ambon_112.api.unit_board import area_outlines, get_board_data
from ambon_112.roles import AGENCY_STAFF, OPERATOR, VIEWER
from ambon_112.tests.utils import (
	BATU_MERAH,
	PASSO,
	POKA,
	counting_queries,
	make_agency,
	make_incident,
	make_unit,
	make_user,
)
from ambon_112.workflows import move_to


def board_queries() -> int:
	get_board_data()  # warm the caches (meta, roles) that a running desk has warm too
	with counting_queries() as queries:
		get_board_data()
	return len(queries)


def group_of(data, agency):
	return next(g for g in data["groups"] if g["agency"] == agency)


def test_board_shows_each_unit_with_its_incident_and_minutes_in_status():
	agency = make_agency("Fire")
	idle, busy, broken = (make_unit(agency, position=p) for p in (POKA, PASSO, BATU_MERAH))
	incident = make_incident("Fire", BATU_MERAH, title="Kebakaran pasar Mardika")
	dispatch_units(incident.name, units=[busy])
	frappe.db.set_value("Emergency Unit", idle, "status_since", add_to_date(now_datetime(), minutes=-42))
	frappe.db.set_value("Emergency Unit", broken, {"status": "Out of Service", "is_active": 0})
	frappe.set_user(make_user([OPERATOR]))

	data = get_board_data()
	group = group_of(data, agency)
	by_name = {u["name"]: u for u in group["units"]}
	assert set(by_name) == {idle, busy}  # inactive units are off the board
	assert by_name[idle]["minutes_in_status"] == 42 and by_name[idle]["status"] == "Available"
	assert (by_name[busy]["status"], by_name[busy]["current_incident"]) == ("Dispatched", incident.name)
	assert (by_name[busy]["incident_title"], by_name[busy]["incident_priority"]) == (
		"Kebakaran pasar Mardika",
		"P1",
	)
	assert group["counts"]["Available"] == group["counts"]["Dispatched"] == 1
	(on_map,) = [i for i in data["incidents"] if i.name == incident.name]
	assert (on_map.latitude, on_map.longitude, on_map.status) == (BATU_MERAH[0], BATU_MERAH[1], "Dispatched")


def test_resolved_incident_stays_on_the_map_and_a_unit_keeps_the_title_of_an_ended_one():
	agency = make_agency("Fire")
	unit = make_unit(agency)
	incident = make_incident(title="Kebakaran padam")
	dispatch_units(incident.name, units=[unit])
	move_to(frappe.get_doc("Incident", incident.name), "Resolved")  # resolved, not closed: units still there
	assert incident.name in {i.name for i in get_board_data()["incidents"]}
	# Closed behind the workflow's back (e.g. data from before the release of units existed).
	frappe.db.set_value("Incident", incident.name, {"status": "Closed", "workflow_state": "Closed"})
	data = get_board_data()
	(row,) = group_of(data, agency)["units"]
	assert (row["current_incident"], row["incident_title"]) == (incident.name, "Kebakaran padam")
	assert incident.name not in {i.name for i in data["incidents"]}


def test_300_units_are_all_there_and_the_query_count_does_not_grow():
	agency = make_agency("Ambulance / Health")
	for position in (POKA, PASSO, BATU_MERAH):
		make_unit(agency, "Ambulance", position)
	incident = make_incident("Medical Emergency", BATU_MERAH)
	dispatch_units(incident.name, units=[group_of(get_board_data(), agency)["units"][0]["name"]])
	frappe.set_user(make_user([VIEWER]))
	few = board_queries()

	frappe.set_user("Administrator")
	for i in range(297):
		make_unit(agency, "Ambulance", (POKA, PASSO, BATU_MERAH)[i % 3])
	frappe.set_user(make_user([VIEWER]))
	many = board_queries()
	data = get_board_data()

	group = group_of(data, agency)
	assert len(group["units"]) == 300
	assert [u["name"] for u in group["units"]] == sorted(u["name"] for u in group["units"])
	assert group["counts"]["Available"] == 299 and group["counts"]["Dispatched"] == 1
	assert sum(data["totals"].values()) == sum(len(g["units"]) for g in data["groups"])
	assert 3 <= few == many, f"{few} queries with 3 units, {many} with 300"


def test_agency_user_sees_only_its_own_units_and_incidents():
	own, other = make_agency("Fire"), make_agency("Police")
	own_unit, other_unit = make_unit(own), make_unit(other, "Police Patrol")
	own_incident, other_incident = make_incident(), make_incident("Crime")
	dispatch_units(own_incident.name, units=[own_unit])
	dispatch_units(other_incident.name, units=[other_unit])
	frappe.set_user(make_user([AGENCY_STAFF], agency=own))
	data = get_board_data()
	assert [g["agency"] for g in data["groups"]] == [own]
	assert [u["name"] for u in data["groups"][0]["units"]] == [own_unit]
	assert {i.name for i in data["incidents"]} == {own_incident.name}


def test_board_page_is_for_the_centre():
	roles = set(
		frappe.get_all("Has Role", filters={"parent": "unit-board", "parenttype": "Page"}, pluck="role")
	)
	assert roles == {"112 Operator", "112 Supervisor", "112 Administrator", "112 Viewer", "System Manager"}
	assert frappe.db.get_value("Page", "unit-board", "module") == "Command Centre"


def test_kecamatan_outlines_for_a_map_without_tiles():
	frappe.set_user(make_user([OPERATOR]))
	outlines = area_outlines()
	assert [a["area_name"] for a in outlines] == [
		"Nusaniwe",
		"Sirimau",
		"Baguala",
		"Teluk Ambon",
		"Leitimur Selatan",
	]
	assert all(a["boundary"]["type"] == "FeatureCollection" for a in outlines)
