"""What the pages read to say LATIHAN: the unit board, the Incident Map and the agency portal take
the drill flag from the stored records (``is_exercise``), within each user's scope. The pages
themselves: test_exercise_marks_browser.py."""

import frappe
import pytest

from ambon_112.api.incident_map import get_coords
from ambon_112.api.unit_board import get_board_data
from ambon_112.portal.dispatches import dispatch_view, list_dispatches
from ambon_112.roles import AGENCY_STAFF, OPERATOR
from ambon_112.tests.utils import (
	POKA,
	make_agency,
	make_call,
	make_dispatch,
	make_drill_session,
	make_incident,
	make_unit,
	make_user,
	unique,
)


@pytest.fixture
def side_by_side():
	agency = make_agency("Fire")
	token = unique("MARK")
	made = frappe._dict(agency=agency, token=token)
	for kind, exercise in (("live", 0), ("drill", 1)):
		incident = make_incident(title=f"Api & asap < 3 rumah ({kind})", landmark=token, is_exercise=exercise)
		if exercise:  # a drill whose trainer included the agencies: their portal shows it, as LATIHAN
			call = make_call(incident=incident.name, is_exercise=1)
			make_drill_session(call.name, notify_agencies=1)
		unit = make_unit(agency)
		made[kind] = frappe._dict(
			incident=incident.name, unit=unit, dispatch=make_dispatch(incident.name, unit=unit).name
		)
	return made


def test_the_board_marks_the_units_and_incidents_of_a_drill(side_by_side):
	frappe.set_user(make_user([OPERATOR]))
	data = get_board_data()
	units = {u["name"]: u for g in data["groups"] for u in g["units"]}
	assert units[side_by_side.drill.unit]["on_exercise"] is True
	assert units[side_by_side.live.unit]["on_exercise"] is False
	incidents = {i.name: i for i in data["incidents"]}
	assert incidents[side_by_side.drill.incident].is_exercise == 1
	assert incidents[side_by_side.live.incident].is_exercise == 0


def test_the_incident_map_labels_a_drill_and_escapes_its_popup(side_by_side):
	frappe.set_user(make_user([OPERATOR]))
	features = get_coords("Incident", frappe.as_json([["Incident", "landmark", "=", side_by_side.token]]))
	popups = {f["properties"]["is_exercise"]: f["properties"]["name"] for f in features["features"]}
	assert set(popups) == {0, 1}
	assert popups[1].startswith("LATIHAN · ") and "Api &amp; asap &lt; 3 rumah (drill)" in popups[1]
	assert "LATIHAN" not in popups[0] and "Api &amp; asap &lt; 3 rumah (live)" in popups[0]
	assert "<" not in popups[0] + popups[1]


def test_the_incident_map_keeps_to_the_user_s_scope_and_to_incidents(side_by_side):
	frappe.set_user(make_user([AGENCY_STAFF], agency=make_agency("Police")))
	features = get_coords("Incident", frappe.as_json([["Incident", "landmark", "=", side_by_side.token]]))
	assert features["features"] == []  # another agency's incidents are not on its map
	with pytest.raises(frappe.PermissionError):
		get_coords("Emergency Call", None)


def test_the_portal_reads_the_drill_flag_of_its_dispatches(side_by_side):
	frappe.set_user(make_user([AGENCY_STAFF], agency=side_by_side.agency))
	rows = {r.name: r for r in list_dispatches()}
	assert rows[side_by_side.drill.dispatch].is_exercise == 1
	assert rows[side_by_side.live.dispatch].is_exercise == 0
	assert dispatch_view(side_by_side.drill.dispatch)["dispatch"]["is_exercise"] == 1
	assert dispatch_view(side_by_side.live.dispatch)["dispatch"]["is_exercise"] == 0


def test_a_point_without_coordinates_is_left_off_the_map():
	incident = make_incident(position=None, landmark=unique("NOWHERE"))
	features = get_coords("Incident", frappe.as_json([["Incident", "name", "=", incident.name]]))
	assert features["features"] == []
	located = make_incident(position=POKA)
	features = get_coords("Incident", frappe.as_json([["Incident", "name", "=", located.name]]))
	assert features["features"][0]["geometry"]["coordinates"] == [POKA[1], POKA[0]]
