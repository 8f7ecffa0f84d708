"""The agency portal over HTTP: two agencies, each refused every way into the other's work."""

import json

import frappe
import pytest
import requests

from ambon_112.roles import AGENCY_STAFF, OPERATOR
from ambon_112.tests.utils import (
	BATU_MERAH,
	PASSO,
	PNG,
	POKA,
	make_agency,
	make_call,
	make_dispatch,
	make_incident,
	make_unit,
	make_user,
)
from tests.bench import login, site_headers

pytestmark = pytest.mark.http

CALLER_NAME, CALLER_NUMBER = "Ibu Siti Latuconsina", "081343219876"


@pytest.fixture(scope="module")
def portal(site):
	damkar, polisi = make_agency("Fire"), make_agency("Police")
	users = {
		"damkar": make_user([AGENCY_STAFF], agency=damkar),
		"polisi": make_user([AGENCY_STAFF], agency=polisi),
		"operator": make_user([OPERATOR]),
	}
	fire_unit, police_unit = make_unit(damkar), make_unit(polisi, "Police Patrol")
	fire_incident = make_incident(landmark="Pasar Mardika", hazards="Tabung gas")
	make_call(incident=fire_incident.name, caller_name=CALLER_NAME, caller_number=CALLER_NUMBER)
	fire = make_dispatch(fire_incident.name, unit=fire_unit, instructions="Masuk lewat lorong belakang")
	crime = make_dispatch(make_incident("Crime", position=POKA).name, unit=police_unit)
	frappe.db.commit()
	return {
		"users": users,
		"damkar": damkar,
		"polisi": polisi,
		"fire": fire,
		"crime": crime,
		"fire_unit": fire_unit,
		"police_unit": police_unit,
	}


def method(session, server, path, post=False, **params):
	url = f"{server}/api/method/{path}"
	if post:
		return session.post(url, data=params, timeout=30)
	return session.get(url, params=params, timeout=30)


def upload_photo(session, server, dispatch):
	# Distinct bytes per dispatch: Frappe stores identical content once, under one URL.
	return session.post(
		f"{server}/api/method/upload_file",
		data={"doctype": "Dispatch", "docname": dispatch, "is_private": 1},
		files={"file": ("lokasi.png", PNG + dispatch.encode(), "image/png")},
		timeout=30,
	)


def test_each_agency_may_join_only_its_own_agency_room(server, portal):
	"""New dispatches are published to the Agency document's room; Frappe's socket server lets a
	browser in only when this answers 200 for the session."""
	for mine, theirs in (("damkar", "polisi"), ("polisi", "damkar")):
		session = login(server, portal["users"][mine])
		path = "frappe.realtime.can_subscribe_doc"
		assert method(session, server, path, doctype="Agency", docname=portal[mine]).ok
		refused = method(session, server, path, doctype="Agency", docname=portal[theirs])
		assert refused.status_code == 403, refused.text


def test_guest_is_sent_to_the_login_page(server, portal):
	response = requests.get(
		f"{server}/agency/{portal['fire'].name}", headers=site_headers(), allow_redirects=False, timeout=30
	)
	assert response.status_code in (301, 302)
	assert response.headers["Location"].endswith(f"/login?redirect-to=/agency/{portal['fire'].name}")


def test_agency_staff_land_on_their_portal_and_see_only_their_dispatches(server, portal):
	for user, own, foreign in (("damkar", "fire", "crime"), ("polisi", "crime", "fire")):
		session = login(server, portal["users"][user])
		home = session.post(
			f"{server}/api/method/login", data={"usr": portal["users"][user], "pwd": "Ambon-112-test!"}
		).json()
		assert home.get("home_page") == "/agency", home
		page = session.get(f"{server}/agency", timeout=30)
		assert page.status_code == 200
		assert portal[own].name in page.text and portal[foreign].name not in page.text
		assert "Penugasan Aktif" in page.text  # Bahasa Indonesia, the site's language, first
		rows = method(session, server, "ambon_112.api.agency_portal.my_dispatches").json()["message"]
		assert [r["name"] for r in rows] == [portal[own].name]


def test_dispatch_page_shows_the_incident_without_caller_data_until_shared(server, portal):
	session = login(server, portal["users"]["damkar"])
	fire = portal["fire"]
	page = session.get(f"{server}/agency/{fire.name}", timeout=30)
	assert page.status_code == 200
	for expected in ("Pasar Mardika", "Tabung gas", "Masuk lewat lorong belakang", "google.com/maps/dir"):
		assert expected in page.text
	api = method(session, server, "ambon_112.api.agency_portal.get_dispatch", dispatch=fire.name)
	incident = session.get(f"{server}/api/resource/Incident/{fire.incident}").json()["data"]
	for text in (page.text, api.text, json.dumps(incident)):
		assert CALLER_NAME not in text and CALLER_NUMBER not in text

	frappe.db.set_value("Incident", fire.incident, "share_caller_data", 1)
	frappe.db.commit()
	try:
		page = session.get(f"{server}/agency/{fire.name}", timeout=30)
		assert CALLER_NAME in page.text and CALLER_NUMBER in page.text
		other = login(server, portal["users"]["polisi"])
		refused = method(other, server, "ambon_112.api.agency_portal.get_dispatch", dispatch=fire.name)
		assert refused.status_code == 403 and CALLER_NUMBER not in refused.text
	finally:
		frappe.db.set_value("Incident", fire.incident, "share_caller_data", 0)
		frappe.db.commit()


def test_every_way_into_the_other_agencys_work_is_refused(server, portal):
	fire_photo = upload_photo(login(server, portal["users"]["damkar"]), server, portal["fire"].name)
	assert fire_photo.ok, fire_photo.text
	fire_file = fire_photo.json()["message"]
	assert fire_file["is_private"] == 1 and fire_file["file_url"].startswith("/private/files/")
	crime_photo = upload_photo(login(server, portal["users"]["polisi"]), server, portal["crime"].name)
	assert crime_photo.ok, crime_photo.text
	files = {"fire": fire_file, "crime": crime_photo.json()["message"]}

	for user, own, foreign in (("damkar", "fire", "crime"), ("polisi", "crime", "fire")):
		session = login(server, portal["users"][user])
		mine, theirs = portal[own], portal[foreign]
		their_unit = portal["police_unit" if own == "fire" else "fire_unit"]
		their_agency = portal["polisi" if own == "fire" else "damkar"]
		# The own agency's work is reachable, so each refusal below is about the agency, not the route.
		assert session.get(f"{server}/agency/{mine.name}").status_code == 200
		assert session.get(f"{server}{files[own]['file_url']}").status_code == 200
		assert session.get(f"{server}/api/resource/File/{files[own]['name']}").status_code == 200

		refused = {
			"portal page": session.get(f"{server}/agency/{theirs.name}"),
			"resource Dispatch": session.get(f"{server}/api/resource/Dispatch/{theirs.name}"),
			"resource Incident": session.get(f"{server}/api/resource/Incident/{theirs.incident}"),
			"resource Unit": session.get(f"{server}/api/resource/Emergency Unit/{their_unit}"),
			"resource Agency": session.get(f"{server}/api/resource/Agency/{their_agency}"),
			"resource File": session.get(f"{server}/api/resource/File/{files[foreign]['name']}"),
			"file URL": session.get(f"{server}{files[foreign]['file_url']}"),
			"client.get": method(session, server, "frappe.client.get", doctype="Dispatch", name=theirs.name),
			"client.get Incident": method(
				session, server, "frappe.client.get", doctype="Incident", name=theirs.incident
			),
			"portal get_dispatch": method(
				session, server, "ambon_112.api.agency_portal.get_dispatch", dispatch=theirs.name
			),
			"portal save_report": method(
				session,
				server,
				"ambon_112.api.agency_portal.save_report",
				True,
				dispatch=theirs.name,
				notes="x",
			),
			"portal share_position": method(
				session,
				server,
				"ambon_112.api.agency_portal.share_position",
				True,
				unit=their_unit,
				latitude=PASSO[0],
				longitude=PASSO[1],
			),
			"set_dispatch_status": method(
				session,
				server,
				"ambon_112.api.dispatch.set_dispatch_status",
				True,
				dispatch=theirs.name,
				status="Acknowledged",
			),
			"photo upload": upload_photo(session, server, theirs.name),
		}
		for what, response in refused.items():
			assert response.status_code == 403, (user, what, response.status_code, response.text[:300])

		for doctype, field, value in (
			("Dispatch", "name", theirs.name),
			("Incident", "name", theirs.incident),
			("Emergency Unit", "name", their_unit),
			("Agency", "name", their_agency),
		):
			listed = session.get(
				f"{server}/api/resource/{doctype}",
				params={
					"fields": json.dumps(["name"]),
					"filters": json.dumps([[doctype, field, "=", value]]),
				},
			)
			assert listed.ok and not listed.json()["data"], (user, doctype, listed.text[:300])
			# The desk's list, link search and count are not the portal's: refused (portal/gate.py).
			desk = {
				"reportview": method(
					session,
					server,
					"frappe.desk.reportview.get",
					doctype=doctype,
					fields=json.dumps([f"`tab{doctype}`.`name`"]),
					filters=json.dumps([[doctype, field, "=", value]]),
				),
				"search_link": method(
					session, server, "frappe.desk.search.search_link", doctype=doctype, txt=value[:20]
				),
				"get_count": method(
					session,
					server,
					"frappe.client.get_count",
					doctype=doctype,
					filters=json.dumps({field: value}),
				),
			}
			for what, response in desk.items():
				assert response.status_code == 403, (user, doctype, what, response.text[:300])
		calls = method(session, server, "frappe.client.get_count", doctype="Emergency Call")
		assert calls.status_code == 403, calls.text[:300]
		files_listed = session.get(
			f"{server}/api/resource/File",
			params={"filters": json.dumps({"attached_to_name": theirs.name}), "fields": '["name"]'},
		)
		assert files_listed.status_code == 403 or not files_listed.json()["data"], files_listed.text[:300]
		assert session.get(f"{server}/app", allow_redirects=False).status_code in (302, 403)

	frappe.db.rollback()
	assert frappe.db.get_value("Dispatch", portal["fire"].name, "status") == "Dispatched"
	assert not frappe.db.get_value("Dispatch", portal["fire"].name, "agency_notes")


def test_crew_reports_back_and_shares_position_on_own_dispatch(server, portal):
	session = login(server, portal["users"]["damkar"])
	fire, unit = portal["fire"], portal["fire_unit"]
	saved = method(
		session,
		server,
		"ambon_112.api.agency_portal.save_report",
		True,
		dispatch=fire.name,
		notes="Api sudah padam 70%",
		need_more_units=1,
	)
	assert saved.ok, saved.text
	shared = method(
		session,
		server,
		"ambon_112.api.agency_portal.share_position",
		True,
		unit=unit,
		latitude=BATU_MERAH[0],
		longitude=BATU_MERAH[1],
		accuracy=12,
	)
	assert shared.ok, shared.text
	frappe.db.rollback()
	assert frappe.db.get_value("Dispatch", fire.name, ["agency_notes", "need_more_units"]) == (
		"Api sudah padam 70%",
		1,
	)
	position = frappe.db.get_value(
		"Emergency Unit", unit, ["latitude", "longitude", "kelurahan"], as_dict=True
	)
	assert (position.latitude, position.longitude) == BATU_MERAH
	assert position.kelurahan == "81.71.02.2003"  # Batu Merah

	bad = method(
		session,
		server,
		"ambon_112.api.agency_portal.share_position",
		True,
		unit=unit,
		latitude=95,
		longitude=128,
	)
	assert bad.status_code == 417 and "InvalidCoordinateError" in bad.json()["exc_type"]
	frappe.db.rollback()
	assert frappe.db.get_value("Emergency Unit", unit, "latitude") == BATU_MERAH[0]
