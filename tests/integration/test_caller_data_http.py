"""Caller data (UU 27/2022) only for those allowed: change history, print view, agency portal.

Over HTTP as each role: the 112 Viewer, an operator, a member of an agency sent to the incident,
and a member of an agency whose dispatch was cancelled (sent by mistake).
"""

import json

import frappe
import pytest

from ambon_112.roles import AGENCY_STAFF, OPERATOR, VIEWER
from ambon_112.tests.utils import (
	make_agency,
	make_call,
	make_dispatch,
	make_incident,
	make_user,
	random_number,
	unique,
)
from tests.bench import login

pytestmark = pytest.mark.http

CALL = "Emergency Call"
REPORT = "Incident Report"


@pytest.fixture(scope="module")
def world(site, server):
	fire, mistaken = make_agency("Fire"), make_agency("Police")
	users = {
		"viewer": make_user([VIEWER]),
		"operator": make_user([OPERATOR]),
		"fire": make_user([AGENCY_STAFF], agency=fire),
		"mistaken": make_user([AGENCY_STAFF], agency=mistaken),
	}
	unshared, shared = make_incident(title=unique("Kebakaran gudang")), make_incident(share_caller_data=1)
	calls = {}
	for key, incident in (("unshared", unshared), ("shared", shared)):
		calls[key] = make_call(
			incident=incident.name,
			caller_name=unique("Ibu Penelepon"),
			caller_number=random_number(),
			notes=unique("Catatan pribadi"),
		)
	dispatches = {
		"unshared": make_dispatch(unshared.name, agency=fire),
		"shared": make_dispatch(shared.name, agency=fire),
		"mistaken": make_dispatch(shared.name, agency=mistaken),
	}
	dispatches["mistaken"].status = "Cancelled"
	dispatches["mistaken"].cancel_reason = "Salah kirim"
	dispatches["mistaken"].save(ignore_permissions=True)
	edited = make_call(caller_name=unique("Nama Lama"), caller_number=random_number())
	old = frappe._dict(name=edited.caller_name, number=edited.caller_number)
	frappe.db.commit()
	# An operator corrects the caller's name and number and adds a note: three changes in the history.
	change = {
		"caller_name": unique("Nama Baru"),
		"caller_number": random_number(),
		"notes": unique("Catatan"),
	}
	saved = login(server, users["operator"]).put(f"{server}/api/resource/{CALL}/{edited.name}", json=change)
	assert saved.ok, saved.text[:300]
	edited = frappe._dict(name=edited.name, **change)
	return frappe._dict(
		users=users,
		incidents={"unshared": unshared, "shared": shared},
		calls=calls,
		dispatches=dispatches,
		edited=edited,
		old=old,
	)


def method(session, server, path, **params):
	return session.get(f"{server}/api/method/{path}", params=params, timeout=60)


def caller_of(call) -> tuple:
	return (call.caller_name, call.caller_number, call.notes)


def shows_caller(text: str, call) -> bool:
	return any(value in text for value in caller_of(call))


# ---------------------------------------------------------------- change history (Version)


def history_texts(session, server, name):
	loaded = method(session, server, "frappe.desk.form.load.getdoc", doctype=CALL, name=name)
	info = method(session, server, "frappe.desk.form.load.get_docinfo", doctype=CALL, name=name)
	assert loaded.ok and info.ok, (loaded.text[:300], info.text[:300])
	return [json.dumps(r.json()["docinfo"]["versions"]) for r in (loaded, info)]


def test_the_viewer_reads_the_history_of_a_call_without_the_caller(server, world):
	session = login(server, world.users["viewer"])
	edited = world.edited
	for versions in history_texts(session, server, edited.name):
		assert edited.notes in versions  # the level-0 change stays in the timeline
		for secret in (world.old.name, world.old.number, edited.caller_name, edited.caller_number):
			assert secret not in versions
		assert "caller_name" not in versions and "caller_number" not in versions


def test_an_operator_reads_the_whole_history(server, world):
	session = login(server, world.users["operator"])
	for versions in history_texts(session, server, world.edited.name):
		assert world.old.name in versions and world.edited.caller_name in versions
		assert world.edited.notes in versions


def test_the_viewer_may_not_read_or_count_versions(server, world):
	session = login(server, world.users["viewer"])
	filters = json.dumps([["ref_doctype", "=", CALL], ["data", "like", f"%{world.old.name}%"]])
	for response in (
		session.get(f"{server}/api/resource/Version", params={"filters": filters}, timeout=60),
		method(session, server, "frappe.client.get_list", doctype="Version", filters=filters),
		method(session, server, "frappe.client.get_count", doctype="Version", filters=filters),
		method(session, server, "frappe.desk.reportview.get_count", doctype="Version", filters=filters),
	):
		assert response.status_code == 403, (response.url, response.text[:300])


def test_the_viewer_may_not_follow_a_call_and_get_its_history_by_mail(server, world):
	"""Frappe's digest of followed documents mails the Versions as they are."""
	for user in ("viewer", "operator"):
		frappe.db.set_value("User", world.users[user], "document_follow_notify", 1)
	frappe.db.commit()
	follow = "frappe.desk.form.document_follow.follow_document"
	for user, status in (("viewer", 403), ("operator", 200)):
		session = login(server, world.users[user])
		response = session.post(
			f"{server}/api/method/{follow}",
			data={"doctype": CALL, "doc_name": world.edited.name, "user": world.users[user]},
			timeout=60,
		)
		assert response.status_code == status, (user, response.text[:300])
	frappe.db.rollback()
	followers = frappe.get_all("Document Follow", filters={"ref_docname": world.edited.name}, pluck="user")
	assert followers == [world.users["operator"]]


# ---------------------------------------------------------------- print view


def print_html(session, server, **params):
	return method(session, server, "frappe.www.printview.get_html_and_style", print_format=REPORT, **params)


def print_page(server, user, name):
	"""The print view page, which agency users may open for an incident of theirs."""
	params = {"doctype": "Incident", "name": name, "format": REPORT}
	return login(server, user).get(f"{server}/printview", params=params, timeout=60)


def test_a_forged_document_given_to_the_print_format_decides_nothing(world):
	"""An agency sent to an incident the centre never shared prints it from a document of its own
	making with share_caller_data: 1 (as ``get_html_and_style`` accepts a posted ``doc``)."""
	incident = world.incidents["unshared"]
	forged = frappe.get_doc(
		{"doctype": "Incident", "name": incident.name, "share_caller_data": 1, "title": "JUDUL PALSU"}
	)
	frappe.set_user(world.users["fire"])
	page = frappe.get_print("Incident", incident.name, print_format=REPORT, doc=forged)
	report = page[page.index('<div class="ambon112-report">') :]  # Frappe titles the page itself
	assert incident.name in report and incident.title in report and "JUDUL PALSU" not in report, report
	assert not shows_caller(report, world.calls["unshared"])


def test_a_forged_document_posted_over_http_decides_nothing(server, world):
	incident = world.incidents["unshared"]
	forged = json.dumps(
		{"doctype": "Incident", "name": incident.name, "share_caller_data": 1, "title": "JUDUL PALSU"}
	)
	# Agency users may not call the desk's print method at all (agency_gate); a desk user's forged
	# document is printed as the stored incident.
	response = print_html(login(server, world.users["fire"]), server, doc=forged)
	assert response.status_code == 403 and not shows_caller(response.text, world.calls["unshared"])
	response = print_html(login(server, world.users["viewer"]), server, doc=forged)
	assert response.ok, response.text[:500]
	html = response.json()["message"]["html"]
	assert incident.title in html and "JUDUL PALSU" not in html


def test_a_forged_document_of_an_incident_not_stored_is_refused(server, world):
	forged = {"doctype": "Incident", "name": "INC-1999-99999", "share_caller_data": 1}
	response = print_html(login(server, world.users["viewer"]), server, doc=json.dumps(forged))
	assert not response.ok and "INC-1999-99999" not in str(response.json().get("message", ""))


def test_the_printed_caller_is_for_members_of_an_agency_sent_to_a_shared_incident(server, world):
	incident, call = world.incidents["shared"], world.calls["shared"]
	for user, shown in (("fire", True), ("operator", True), ("viewer", False)):
		response = print_page(server, world.users[user], incident.name)
		assert response.ok and incident.name in response.text, (user, response.status_code)
		assert shows_caller(response.text, call) == shown, user
	# Sent by mistake and cancelled: the agency no longer reads the incident (agency scope), and
	# would not see the caller if it did.
	response = print_page(server, world.users["mistaken"], incident.name)
	assert not shows_caller(response.text, call)
	from ambon_112.security.caller_data import may_see_caller

	assert may_see_caller(incident.name, world.users["mistaken"]) is False


# ---------------------------------------------------------------- agency portal


def portal_caller(user, server, dispatch):
	response = method(
		login(server, user), server, "ambon_112.api.agency_portal.get_dispatch", dispatch=dispatch
	)
	return response, (response.json()["message"]["caller"] if response.ok else None)


def test_the_portal_gives_the_caller_to_members_of_the_agency_sent(server, world):
	response, caller = portal_caller(world.users["fire"], server, world.dispatches["shared"].name)
	call = world.calls["shared"]
	assert response.ok and [(c["caller_name"], c["caller_number"]) for c in caller] == [
		(call.caller_name, call.caller_number)
	]
	response, caller = portal_caller(world.users["fire"], server, world.dispatches["unshared"].name)
	assert response.ok and caller == []


def test_the_viewer_never_gets_the_caller_on_the_portal(server, world):
	for user in ("viewer", "operator"):
		response, caller = portal_caller(world.users[user], server, world.dispatches["shared"].name)
		assert response.ok and caller == [], user
		assert not shows_caller(response.text, world.calls["shared"])


def test_an_agency_whose_dispatch_was_cancelled_gets_no_caller(server, world):
	response, caller = portal_caller(world.users["mistaken"], server, world.dispatches["mistaken"].name)
	assert response.status_code == 403 or caller == []
	assert not shows_caller(response.text, world.calls["shared"])
