"""The same rules over HTTP, through gunicorn, as browsers and integrations meet them."""

import json

import frappe
import pytest

from ambon_112.permissions import is_agency_user
from ambon_112.roles import ADMINISTRATOR, AGENCY_STAFF, INTEGRATION, OPERATOR, SUPERVISOR, VIEWER
from ambon_112.tests.utils import (
	TEST_PASSWORD,
	make_agency,
	make_dispatch,
	make_incident,
	make_unit,
	make_user,
)
from tests.bench import error_message, login

pytestmark = pytest.mark.http

ROLES = (OPERATOR, SUPERVISOR, ADMINISTRATOR, VIEWER, INTEGRATION, AGENCY_STAFF)


@pytest.fixture(scope="module")
def world(site):
	"""Users of every role and two agencies with a dispatch each, committed for the server to see."""
	damkar, polisi = make_agency("Fire"), make_agency("Police")
	users = {role: make_user([role]) for role in ROLES if role != AGENCY_STAFF}
	users["damkar"] = make_user([AGENCY_STAFF], agency=damkar)
	users["polisi"] = make_user([AGENCY_STAFF], agency=polisi)
	fire = make_dispatch(make_incident().name, unit=make_unit(damkar))
	crime = make_dispatch(make_incident("Crime").name, unit=make_unit(polisi, "Police Patrol"))
	frappe.db.commit()
	return {"users": users, "fire": fire, "crime": crime}


def app_doctypes() -> list[str]:
	modules = frappe.get_all("Module Def", filters={"app_name": "ambon_112"}, pluck="name")
	return frappe.get_all(
		"DocType", filters={"module": ("in", modules), "istable": 0, "issingle": 0}, pluck="name"
	)


def test_every_role_loads_the_desk_list_of_every_doctype_it_may_read(server, world):
	for role, user in world["users"].items():
		session = login(server, user)
		for doctype in app_doctypes():
			response = session.get(
				f"{server}/api/method/frappe.desk.reportview.get",
				params={
					"doctype": doctype,
					"fields": json.dumps([f"`tab{doctype}`.`name`"]),
					"page_length": 20,
				},
				timeout=30,
			)
			# Agency users (damkar, polisi) have no desk: the desk's API refuses them (portal/gate.py).
			may_read = frappe.has_permission(doctype, "read", user=user) and not is_agency_user(user)
			assert response.status_code == (200 if may_read else 403), (role, doctype, response.text[:300])


def test_operator_creates_a_call_over_rest_and_nobody_deletes_it(server, world):
	session = login(server, world["users"][OPERATOR])
	response = session.post(
		f"{server}/api/resource/Emergency Call",
		json={"caller_number": "0812 4355 1234", "latitude": -3.682196, "longitude": 128.212288},
		timeout=30,
	)
	assert response.ok, response.text
	call = response.json()["data"]
	assert call["kelurahan"] == "81.71.02.2003" and call["caller_number_normalized"] == "+6281243551234"
	for user, password in ((world["users"][OPERATOR], TEST_PASSWORD), ("Administrator", "admin")):
		deleted = login(server, user, password).delete(f"{server}/api/resource/Emergency Call/{call['name']}")
		assert deleted.status_code == 403, deleted.text
	frappe.db.rollback()  # a new snapshot: see what the server committed
	assert frappe.db.exists("Emergency Call", call["name"])


def test_bad_coordinates_get_a_clear_message_and_write_nothing(server, world):
	session = login(server, world["users"][OPERATOR])
	frappe.db.rollback()
	before = frappe.db.count("Emergency Call")
	response = session.post(
		f"{server}/api/resource/Emergency Call",
		json={"caller_number": "081200000000", "latitude": 95, "longitude": 128},
	)
	assert response.status_code == 417
	assert "95" in error_message(response) and "InvalidCoordinateError" in response.json()["exc_type"]
	frappe.db.rollback()
	assert frappe.db.count("Emergency Call") == before


def test_agency_users_are_refused_the_other_agencys_data(server, world):
	fire, crime = world["fire"], world["crime"]
	for user, own, foreign in (("damkar", fire, crime), ("polisi", crime, fire)):
		session = login(server, world["users"][user])
		mine = session.get(f"{server}/api/resource/Dispatch", params={"fields": '["name"]'}).json()["data"]
		assert [d["name"] for d in mine] == [own.name]
		assert session.get(f"{server}/api/resource/Dispatch/{own.name}").ok
		assert session.get(f"{server}/api/resource/Dispatch/{foreign.name}").status_code == 403
		assert session.get(f"{server}/api/resource/Incident/{foreign.incident}").status_code == 403
		assert session.get(f"{server}/api/resource/Emergency Call").status_code == 403
		# Link search is the desk's: refused to agency users (portal/gate.py).
		found = session.get(
			f"{server}/api/method/frappe.desk.search.search_link", params={"doctype": "Dispatch", "txt": ""}
		)
		assert found.status_code == 403, found.text[:300]
		updated = session.put(f"{server}/api/resource/Dispatch/{foreign.name}", json={"agency_notes": "x"})
		assert updated.status_code == 403


def test_agency_user_cannot_open_the_desk(server, world):
	session = login(server, world["users"]["damkar"])
	assert session.get(f"{server}/app", allow_redirects=False).status_code in (302, 403)
