"""A drill's dispatch reaches an agency's staff only when its Exercise Session included the agencies
(Notify Agencies): otherwise the portal, the REST reads, the realtime rooms and the notifications all
leave it out, and its incident with it. The centre keeps seeing everything; live work is unaffected.
The flag is stored on the Dispatch when it is created (training/guard.py) and the one agency scope of
ambon_112.permissions reads it."""

import json

import frappe
import pytest

from ambon_112.patches import hide_drills_from_agencies
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
from tests.bench import login

pytestmark = pytest.mark.http


@pytest.fixture(scope="module")
def drills(site):
	agency = make_agency("Fire")
	token = unique("HIDE")
	made = frappe._dict(
		agency=agency, crew=make_user([AGENCY_STAFF], agency=agency), operator=make_user([OPERATOR])
	)
	# live: a real call; included: a drill whose trainer ticked Notify Agencies; hidden: one who did not.
	for kind, exercise, notify in (("live", 0, None), ("included", 1, 1), ("hidden", 1, 0)):
		incident = make_incident(
			title=f"Kebakaran [{kind}]", landmark=token, position=POKA, is_exercise=exercise
		)
		call = make_call(incident=incident.name, is_exercise=exercise)
		if exercise:
			make_drill_session(call.name, notify_agencies=notify)
		dispatch = make_dispatch(incident.name, unit=make_unit(agency))
		made[kind] = frappe._dict(incident=incident.name, dispatch=dispatch.name)
	frappe.db.commit()
	return made


def method(session, server, path, **params):
	return session.get(f"{server}/api/method/{path}", params=params, timeout=30)


def listed(session, server, doctype, names):
	response = session.get(
		f"{server}/api/resource/{doctype}",
		params={"fields": json.dumps(["name"]), "filters": json.dumps([[doctype, "name", "in", names]])},
		timeout=30,
	)
	assert response.ok, response.text[:300]
	return {row["name"] for row in response.json()["data"]}


def test_the_flag_is_decided_from_the_session_when_the_dispatch_is_created(drills):
	flags = {
		kind: frappe.db.get_value("Dispatch", drills[kind].dispatch, "hidden_from_agencies")
		for kind in ("live", "included", "hidden")
	}
	assert flags == {"live": 0, "included": 0, "hidden": 1}
	# Set once: a later save (even by a user with every right) keeps it.
	doc = frappe.get_doc("Dispatch", drills.hidden.dispatch)
	doc.hidden_from_agencies = 0
	doc.save(ignore_permissions=True)
	assert frappe.db.get_value("Dispatch", drills.hidden.dispatch, "hidden_from_agencies") == 1
	frappe.db.rollback()


def test_the_patch_sets_the_flag_of_drill_dispatches_stored_before_it(drills):
	for kind in ("live", "included", "hidden"):
		frappe.db.set_value("Dispatch", drills[kind].dispatch, "hidden_from_agencies", 0)
	hide_drills_from_agencies.execute()
	flags = {
		kind: frappe.db.get_value("Dispatch", drills[kind].dispatch, "hidden_from_agencies")
		for kind in ("live", "included", "hidden")
	}
	assert flags == {"live": 0, "included": 0, "hidden": 1}
	frappe.db.rollback()


def test_agency_staff_never_see_a_drill_their_agencies_were_not_included_in(server, drills):
	session = login(server, drills.crew)
	dispatches = [drills[k].dispatch for k in ("live", "included", "hidden")]
	incidents = [drills[k].incident for k in ("live", "included", "hidden")]

	portal = method(session, server, "ambon_112.api.agency_portal.my_dispatches").json()["message"]
	rows = {r["name"]: r for r in portal if r["name"] in dispatches}
	assert set(rows) == {drills.live.dispatch, drills.included.dispatch}
	assert (
		rows[drills.included.dispatch]["is_exercise"] == 1 and rows[drills.live.dispatch]["is_exercise"] == 0
	)

	assert listed(session, server, "Dispatch", dispatches) == {drills.live.dispatch, drills.included.dispatch}
	assert listed(session, server, "Incident", incidents) == {drills.live.incident, drills.included.incident}

	page = session.get(f"{server}/agency", timeout=30)
	assert page.status_code == 200
	assert drills.included.dispatch in page.text and drills.hidden.dispatch not in page.text
	included = session.get(f"{server}/agency/{drills.included.dispatch}", timeout=30)
	assert included.status_code == 200 and 'class="ad-latihan"' in included.text  # the LATIHAN banner
	live = session.get(f"{server}/agency/{drills.live.dispatch}", timeout=30)
	assert live.status_code == 200 and 'class="ad-latihan"' not in live.text

	hidden = drills.hidden
	refused = {
		"portal page": session.get(f"{server}/agency/{hidden.dispatch}", timeout=30),
		"portal get_dispatch": method(
			session, server, "ambon_112.api.agency_portal.get_dispatch", dispatch=hidden.dispatch
		),
		"resource Dispatch": session.get(f"{server}/api/resource/Dispatch/{hidden.dispatch}", timeout=30),
		"resource Incident": session.get(f"{server}/api/resource/Incident/{hidden.incident}", timeout=30),
		"room Dispatch": method(
			session, server, "frappe.realtime.can_subscribe_doc", doctype="Dispatch", docname=hidden.dispatch
		),
		"room Incident": method(
			session, server, "frappe.realtime.can_subscribe_doc", doctype="Incident", docname=hidden.incident
		),
	}
	for what, response in refused.items():
		assert response.status_code == 403, (what, response.status_code, response.text[:300])
	for kind in ("live", "included"):  # the same ways in are open for the dispatches the agency may see
		assert session.get(f"{server}/api/resource/Dispatch/{drills[kind].dispatch}", timeout=30).ok
		assert session.get(f"{server}/api/resource/Incident/{drills[kind].incident}", timeout=30).ok
		room = method(
			session,
			server,
			"frappe.realtime.can_subscribe_doc",
			doctype="Dispatch",
			docname=drills[kind].dispatch,
		)
		assert room.ok, room.text[:300]


def test_the_agency_was_notified_only_of_what_it_may_see(drills):
	notified = set(
		frappe.get_all(
			"Notification Log",
			filters={"for_user": drills.crew, "document_type": "Dispatch"},
			pluck="document_name",
		)
	)
	assert drills.hidden.dispatch not in notified
	assert {drills.live.dispatch, drills.included.dispatch} <= notified


def test_the_centre_sees_every_drill(server, drills):
	session = login(server, drills.operator)
	dispatches = [drills[k].dispatch for k in ("live", "included", "hidden")]
	assert listed(session, server, "Dispatch", dispatches) == set(dispatches)
	assert session.get(f"{server}/api/resource/Dispatch/{drills.hidden.dispatch}", timeout=30).ok
	assert session.get(f"{server}/api/resource/Incident/{drills.hidden.incident}", timeout=30).ok
