"""Recommend, dispatch and move dispatches through the API, in process, as each role."""

from datetime import timedelta

import frappe
import pytest
from frappe.utils import add_to_date, now_datetime
from freezegun import freeze_time

from ambon_112.api.dispatch import dispatch_units, recommend, set_dispatch_status
from ambon_112.api.response_times import for_dispatch, for_incident
from ambon_112.exceptions import (
	CancelReasonRequiredError,
	IncidentClosedError,
	InvalidSettingError,
	InvalidStatusTransitionError,
	NothingToDispatchError,
	UnitNotAvailableError,
	UnknownUnitError,
)
from ambon_112.roles import AGENCY_STAFF, OPERATOR, SUPERVISOR, VIEWER
from ambon_112.tests.utils import (
	BATU_MERAH,
	HONIPOPU,
	PASSO,
	make_agency,
	make_call,
	make_incident,
	make_unit,
	make_user,
)
from ambon_112.workflows import move_to

DAMKAR = "Dinas Pemadam Kebakaran Kota Ambon"
POLRESTA = "Polresta Pulau Ambon dan Pulau-Pulau Lease"
PSC119 = "PSC 119 Dinas Kesehatan Kota Ambon"
HALONG = (-3.667775, 128.230694)  # Baguala, 2.6 km from Batu Merah
GALALA = (-3.665245, 128.200083)  # Sirimau, 2.3 km
SOYA = (-3.695867, 128.233922)  # Sirimau, 2.8 km


@pytest.fixture(autouse=True)
def only_this_tests_units():
	"""Units other tests committed (over HTTP) would compete in the ranking: out of service here.

	The update is rolled back with the rest of the test."""
	frappe.db.sql("update `tabEmergency Unit` set is_active = 0")
	yield
	frappe.set_user("Administrator")


def units_of(result):
	return [u["unit"] for u in result["units"]]


def test_fire_in_batu_merah_gets_the_nearest_engines_then_a_patrol_with_reasons():
	halong = make_unit(DAMKAR, "Fire Engine", HALONG)
	honipopu = make_unit(DAMKAR, "Fire Engine", HONIPOPU)
	passo = make_unit(DAMKAR, "Water Tanker", PASSO)
	busy = make_unit(DAMKAR, "Fire Engine", GALALA, status="On Scene")
	patrol = make_unit(POLRESTA, "Police Patrol", GALALA)
	ambulance = make_unit(PSC119, "Ambulance", SOYA)
	incident = make_incident("Fire", BATU_MERAH)

	frappe.set_user(make_user([OPERATOR]))
	result = recommend(incident.name)
	assert units_of(result) == [halong, honipopu, passo, patrol]
	assert busy not in units_of(result) and ambulance not in units_of(result)
	assert result["agency_types"] == ["Fire", "Police"] and result["capabilities"] == ["Fire Suppression"]
	first = result["units"][0]
	assert (first["distance_km"], first["tier"], first["in_jurisdiction"]) == (2.6, 0, True)
	assert first["eta_minutes"] == pytest.approx(2.597 * 1.4 / 40 * 60, abs=0.1)
	assert first["reason_codes"] == ["fits", "citywide", "travel"]
	assert "Fire Suppression" in first["reasons"][0] and "2.6 km" in first["reasons"][2]
	assert result["units"][-1]["reason_codes"][0] == "agency_type_only"


def test_unit_inside_its_agencys_jurisdiction_comes_before_a_nearer_one_outside():
	baguala_post = make_agency("Fire", jurisdiction=[{"area": "81.71.03"}])  # Kecamatan Baguala
	sirimau_post = make_agency("Fire", jurisdiction=[{"area": "81.71.02"}])  # Kecamatan Sirimau
	near_outside = make_unit(baguala_post, "Fire Engine", HALONG)  # 2.6 km
	far_inside = make_unit(sirimau_post, "Fire Engine", HONIPOPU)  # 4.0 km
	incident = make_incident("Fire", BATU_MERAH)  # Batu Merah lies in Sirimau
	result = recommend(incident.name)
	assert units_of(result) == [far_inside, near_outside]
	assert [u["in_jurisdiction"] for u in result["units"]] == [True, False]
	assert "outside_jurisdiction" in result["units"][1]["reason_codes"]


def test_stale_position_and_settings_change_the_order():
	galala = make_unit(DAMKAR, "Fire Engine", GALALA)  # 2.3 km
	halong = make_unit(DAMKAR, "Fire Engine", HALONG)  # 2.6 km
	incident = make_incident("Fire", BATU_MERAH)
	assert units_of(recommend(incident.name)) == [galala, halong]
	frappe.db.set_value(
		"Emergency Unit", galala, "position_reported_at", add_to_date(now_datetime(), hours=-1)
	)
	stale = recommend(incident.name)
	assert units_of(stale) == [halong, galala]
	assert "stale_position" in stale["units"][1]["reason_codes"]
	settings = frappe.get_single("Ambon 112 Settings")
	settings.stale_position_penalty_minutes = 0
	settings.save()
	assert units_of(recommend(incident.name)) == [galala, halong]
	settings.road_factor = 2.0
	settings.save()
	assert recommend(incident.name)["units"][0]["eta_minutes"] == pytest.approx(
		2.321 * 2.0 / 40 * 60, abs=0.1
	)


def test_impossible_settings_are_refused():
	settings = frappe.get_single("Ambon 112 Settings")
	for field, value in (
		("road_factor", 0.5),
		("average_speed_kmh", 500),
		("stale_position_penalty_minutes", -3),
	):
		settings.reload()
		settings.set(field, value)
		with pytest.raises(InvalidSettingError):
			settings.save()


def test_the_dispatcher_or_the_triage_outcome_can_widen_the_need():
	ambulance = make_unit(PSC119, "Ambulance", SOYA)
	engine = make_unit(DAMKAR, "Fire Engine", HALONG)
	incident = make_incident("Fire", BATU_MERAH)
	assert ambulance not in units_of(recommend(incident.name))
	widened = recommend(incident.name, agency_types='["Ambulance / Health"]')
	assert units_of(widened) == [engine, ambulance]


def test_agencies_marked_involved_on_the_incident_add_their_agency_type():
	ambulance = make_unit(PSC119, "Ambulance", SOYA)
	incident = make_incident("Fire", BATU_MERAH, agencies=[{"agency": PSC119}])
	assert ambulance in units_of(recommend(incident.name))


def test_only_dispatchers_get_recommendations():
	incident = make_incident()
	frappe.set_user(make_user([VIEWER]))
	with pytest.raises(frappe.PermissionError):
		recommend(incident.name)


# ---------------------------------------------------------------- dispatch


def test_one_action_sends_units_of_several_agencies_in_one_go():
	engine = make_unit(DAMKAR, "Fire Engine", HALONG)
	patrol = make_unit(POLRESTA, "Police Patrol", GALALA)
	incident = make_incident("Fire", BATU_MERAH)
	operator = make_user([OPERATOR])
	frappe.set_user(operator)
	result = dispatch_units(
		incident.name, units=f'["{engine}", "{patrol}"]', instructions="Tabung gas di dapur"
	)
	assert [(d["unit"], d["agency"]) for d in result["dispatches"]] == [(engine, DAMKAR), (patrol, POLRESTA)]
	assert result["incident_status"] == "Dispatched"
	for unit, dispatch in zip((engine, patrol), result["dispatches"], strict=True):
		row = frappe.db.get_value(
			"Emergency Unit", unit, ["status", "current_dispatch", "current_incident"], as_dict=True
		)
		assert (row.status, row.current_dispatch, row.current_incident) == (
			"Dispatched",
			dispatch["name"],
			incident.name,
		)
		assert frappe.db.get_value("Dispatch", dispatch["name"], "dispatched_by") == operator
	incident.reload()
	assert {row.agency for row in incident.agencies} == {DAMKAR, POLRESTA}


def test_one_busy_unit_refuses_the_whole_action_and_nothing_is_written():
	free = make_unit(DAMKAR, "Fire Engine", HALONG)
	busy = make_unit(DAMKAR, "Fire Engine", GALALA, status="En Route")
	incident = make_incident("Fire", BATU_MERAH)
	with pytest.raises(UnitNotAvailableError, match=busy):
		dispatch_units(incident.name, units=[free, busy])
	with pytest.raises(UnknownUnitError, match="NO-SUCH-UNIT"):
		dispatch_units(incident.name, units=[free, "NO-SUCH-UNIT"])
	with pytest.raises(frappe.ValidationError, match="Dinas Tidak Ada"):
		dispatch_units(incident.name, units=[free], agencies=["Dinas Tidak Ada"])
	assert frappe.db.get_value("Emergency Unit", free, "status") == "Available"
	assert not frappe.db.exists("Dispatch", {"incident": incident.name})
	assert frappe.db.get_value("Incident", incident.name, "status") == "New"


def test_nothing_chosen_closed_incident_and_viewer_are_refused():
	unit = make_unit(DAMKAR, "Fire Engine", HALONG)
	incident = make_incident()
	with pytest.raises(NothingToDispatchError):
		dispatch_units(incident.name, units="[]")
	move_to(incident, "False Alarm")
	with pytest.raises(IncidentClosedError):
		dispatch_units(incident.name, units=[unit])
	frappe.set_user(make_user([VIEWER]))
	with pytest.raises(frappe.PermissionError):
		dispatch_units(make_incident().name, units=[unit])


def test_an_agency_can_be_asked_to_choose_its_own_unit():
	incident = make_incident("Flood", HALONG)
	result = dispatch_units(incident.name, agencies="BPBD Kota Ambon")
	(dispatch,) = result["dispatches"]
	assert (dispatch["unit"], dispatch["agency"]) == (None, "BPBD Kota Ambon")


# ---------------------------------------------------------------- status flow and segment times


def test_status_flow_stamps_time_and_user_frees_the_unit_and_feeds_the_response_times():
	agency = make_agency("Fire")
	crew = make_user([AGENCY_STAFF], agency=agency)
	operator, supervisor = make_user([OPERATOR]), make_user([SUPERVISOR])
	unit = make_unit(agency, "Fire Engine", HALONG)
	# Not a whole second: Frappe compares `modified` as text, and str() drops ".000000".
	start = now_datetime().replace(microsecond=250_000)
	moments = {}

	def at(seconds):
		return freeze_time(start + timedelta(seconds=seconds), tz_offset=0)

	with at(0):
		moments["received"] = now_datetime()
		call = make_call(
			received_at=moments["received"], answered_at=moments["received"] + timedelta(seconds=6)
		)
	with at(70):
		frappe.set_user(operator)
		incident = frappe.get_doc(
			{"doctype": "Incident", "title": "Kebakaran", "incident_type": "Fire"}
		).insert()
		frappe.set_user("Administrator")
		call.incident = incident.name
		call.save()
	with at(95):
		frappe.set_user(operator)
		(dispatch,) = dispatch_units(incident.name, units=[unit])["dispatches"]
	steps = (
		(130, crew, "Acknowledged", "Dispatched", "Dispatched"),
		(170, crew, "En Route", "En Route", "Dispatched"),
		(560, crew, "On Scene", "On Scene", "On Scene"),
		(2900, operator, "Cleared", "Available", "On Scene"),
	)
	for seconds, user, status, unit_status, incident_status in steps:
		with at(seconds):
			frappe.set_user(user)
			moments[status] = now_datetime()
			result = set_dispatch_status(
				dispatch["name"], status, notes="Laporan regu" if user == crew else None
			)
		assert (result["status"], result["unit_status"], result["incident_status"]) == (
			status,
			unit_status,
			incident_status,
		)
		assert (result["at"], result["by"]) == (moments[status], user)
	with at(3000):
		frappe.set_user(operator)
		move_to(frappe.get_doc("Incident", incident.name), "Resolved")
	with at(3600):
		frappe.set_user(supervisor)
		move_to(frappe.get_doc("Incident", incident.name), "Closed")
		report = for_incident(incident.name)

	assert [(s["from"], s["to"], s["seconds"]) for s in report["segments"]] == [
		("call_received", "call_answered", 6),
		("call_answered", "incident_created", 64),
		("incident_created", "first_dispatch", 25),
		("first_dispatch", "first_acknowledged", 35),
		("first_acknowledged", "first_en_route", 40),
		("first_en_route", "first_on_scene", 390),
		("first_on_scene", "resolved", 2440),
		("resolved", "closed", 600),
	]
	assert report["milestones"][-1]["elapsed_seconds"] == 3600
	assert [s["seconds"] for s in for_dispatch(dispatch["name"])["segments"]] == [35, 40, 390, 2340]
	assert frappe.db.get_value("Dispatch", dispatch["name"], "agency_notes") == "Laporan regu"


def test_cleared_or_cancelled_unit_can_be_sent_again():
	unit = make_unit(DAMKAR, "Fire Engine", HALONG)
	first, second, third = make_incident(), make_incident(), make_incident()
	(d1,) = dispatch_units(first.name, units=[unit])["dispatches"]
	with pytest.raises(UnitNotAvailableError):
		dispatch_units(second.name, units=[unit])
	with pytest.raises(CancelReasonRequiredError):
		set_dispatch_status(d1["name"], "Cancelled")
	set_dispatch_status(d1["name"], "Cancelled", notes="Unit salah, ganti tangki air")
	assert frappe.db.get_value("Dispatch", d1["name"], "cancel_reason") == "Unit salah, ganti tangki air"
	(d2,) = dispatch_units(second.name, units=[unit])["dispatches"]
	set_dispatch_status(d2["name"], "On Scene")
	set_dispatch_status(d2["name"], "Cleared")
	(d3,) = dispatch_units(third.name, units=[unit])["dispatches"]
	assert frappe.db.get_value("Emergency Unit", unit, ["current_dispatch", "current_incident"]) == (
		d3["name"],
		third.name,
	)


def test_agency_staff_move_only_their_own_dispatches_and_only_forward():
	damkar, polisi = make_agency("Fire"), make_agency("Police")
	crew = make_user([AGENCY_STAFF], agency=damkar)
	incident = make_incident()
	(own, other) = dispatch_units(
		incident.name,
		units=[make_unit(damkar, "Fire Engine", HALONG), make_unit(polisi, "Police Patrol", GALALA)],
	)["dispatches"]
	frappe.set_user(crew)
	with pytest.raises(frappe.PermissionError):
		set_dispatch_status(other["name"], "Acknowledged")
	set_dispatch_status(own["name"], "On Scene")
	with pytest.raises(InvalidStatusTransitionError):
		set_dispatch_status(own["name"], "Acknowledged")
	with pytest.raises(InvalidStatusTransitionError):
		set_dispatch_status(own["name"], "Parked")
	assert set_dispatch_status(own["name"], "On Scene")["status"] == "On Scene"  # a second tap is harmless
	frappe.set_user("Administrator")
	assert frappe.db.get_value("Dispatch", other["name"], "status") == "Dispatched"
