"""Agency scoping everywhere, over HTTP as a Damkar user and a Polresta user, each against the other:
child tables, counts, record-by-name answers, realtime rooms and cancelled dispatches."""

import json
import re

import frappe
import pytest

from ambon_112.permissions import SCOPES
from ambon_112.roles import AGENCY_STAFF, OPERATOR, SUPERVISOR, VIEWER
from ambon_112.tests.utils import (
	POKA,
	make_agency,
	make_call,
	make_dispatch,
	make_incident,
	make_triage_question,
	make_unit,
	make_user,
	make_watch,
	random_number,
)
from tests.integration.test_agency_portal_http import method
from tests.integration.test_http import login

pytestmark = pytest.mark.http

BATU_MERAH_AREA = "81.71.02.2003"
# Names of the same shape as the real ones, never used.
MISSING = {
	"Dispatch": "DSP-2099-99999",
	"Incident": "INC-2099-99999",
	"Emergency Unit": "UNIT-NOPE00",
	"Agency": "Agency-NOPE00",
	"Emergency Call": "CALL-2099-99999",
}


def assign(doctype: str, name: str, user: str):
	from frappe.desk.form.assign_to import add

	add({"doctype": doctype, "name": name, "assign_to": [user]})


def new_login(server, role: str):
	"""A new user with ``role``, committed for the server to see, logged in."""
	user = make_user([role])
	frappe.db.commit()
	return login(server, user)


def agency_work(agency_type: str, unit_type: str, incident_type: str, **incident):
	"""An agency with its child rows (jurisdiction, contact, member), a unit with a capability, and an
	incident (agencies, triage answers, agency types) it was dispatched to, assigned to an operator."""
	agency = make_agency(
		agency_type,
		jurisdiction=[{"area": BATU_MERAH_AREA}],
		contacts=[{"label": "Piket", "phone": random_number()}],
	)
	user = make_user([AGENCY_STAFF], agency=agency)
	unit = make_unit(agency, unit_type, capabilities=[{"capability": "Fire Suppression"}])
	rule = {"answer": "Yes", "priority_at_least": "P1", "add_agency_type": "Search and Rescue"}
	question = make_triage_question(incident_type, "Yes/No", [rule]).name
	incident = make_incident(
		incident_type, triage_answers=[{"question": question, "answer": "Yes"}], **incident
	).name
	dispatch = make_dispatch(incident, unit=unit)
	operator = make_user([OPERATOR])
	assign("Incident", incident, operator)
	return frappe._dict(
		agency=agency,
		user=user,
		unit=unit,
		unit_type=unit_type,
		incident=incident,
		dispatch=dispatch.name,
		operator=operator,
	)


@pytest.fixture(scope="module")
def world(site):
	damkar = agency_work("Fire", "Fire Engine", "Fire", landmark="Pasar Mardika")
	polresta = agency_work("Police", "Police Patrol", "Crime", position=POKA)
	frappe.db.commit()
	return {"damkar": damkar, "polresta": polresta}


def child_tables() -> dict:
	"""Every child DocType of a scoped DocType, from the metadata: {child: parent}."""
	return {df.options: parent for parent in SCOPES for df in frappe.get_meta(parent).get_table_fields()}


def both_ways(world):
	return ((world["damkar"], world["polresta"]), (world["polresta"], world["damkar"]))


def records(work) -> dict:
	return {
		"Dispatch": work.dispatch,
		"Incident": work.incident,
		"Emergency Unit": work.unit,
		"Agency": work.agency,
	}


# ---------------------------------------------------------------- child tables


def child_rows(session, server, child: str, parent: str) -> list[dict]:
	response = session.get(
		f"{server}/api/resource/{child}",
		params={"parent": parent, "fields": json.dumps(["parent", "parenttype"]), "limit_page_length": 0},
	)
	assert response.ok, (child, parent, response.text[:300])
	return response.json()["data"]


def test_child_rows_come_only_with_a_parent_the_agency_may_read(server, world):
	"""/api/resource/<child>?parent=… (frappe.client.get_list) checks only read on the parent DocType;
	each child row must follow its own parent's scope."""
	children = child_tables()
	assert {"Agency Member", "Agency Contact", "Agency Jurisdiction", "Emergency Unit Capability"} <= set(
		children
	)
	assert {"Incident Agency", "Incident Triage Answer", "Incident Type Agency Type"} <= set(children)
	for mine, theirs in both_ways(world):
		session = login(server, mine.user)
		own, foreign = records(mine), set(records(theirs).values())
		for child, parent in children.items():
			rows = child_rows(session, server, child, parent)
			# The agency's own rows come (so an empty answer is not what passes this test) …
			assert (parent, own[parent]) in {(r["parenttype"], r["parent"]) for r in rows}, (child, rows)
			# … and none of the other agency's.
			assert not {r["parent"] for r in rows} & foreign, (mine.user, child)
		# A child table shared with reference data: asked "as" the reference DocType, Frappe checks read
		# on that DocType and used to return every parent's rows.
		for child, reference in (
			("Emergency Unit Capability", "Emergency Unit Type"),
			("Incident Type Agency Type", "Incident Type"),
		):
			rows = child_rows(session, server, child, reference)
			assert rows and not {r["parent"] for r in rows} & foreign, (mine.user, child)
			assert {r["parenttype"] for r in rows} <= {reference, children[child]}


# ---------------------------------------------------------------- counts


def test_group_by_counts_reveal_nothing_of_another_agency(server, world):
	for mine, theirs in both_ways(world):
		session = login(server, mine.user)
		for field in ("assigned_to", "owner"):
			counted = method(
				session,
				server,
				"frappe.desk.listview.get_group_by_count",
				doctype="Incident",
				current_filters=json.dumps({"name": theirs.incident}),
				field=field,
			)
			assert counted.status_code == 403, (field, counted.text[:300])
			assert theirs.operator not in counted.text


def test_group_by_assigned_to_counts_only_what_the_user_may_read(server, world):
	"""Frappe's assigned_to count runs without permission conditions: a desk user could count records
	of a DocType they may not read. It now counts what frappe.get_list shows."""
	supervisor = make_user([SUPERVISOR])
	watch = make_watch(random_number()).name
	assign("Caller Watch", watch, supervisor)
	frappe.db.commit()
	viewer = new_login(server, VIEWER)
	counted = method(
		viewer,
		server,
		"frappe.desk.listview.get_group_by_count",
		doctype="Caller Watch",
		current_filters="{}",
		field="assigned_to",
	)
	assert counted.status_code == 403 and supervisor not in counted.text, counted.text[:300]

	# Where the user may read, the count is Frappe's, filters applied.
	operator = new_login(server, OPERATOR)
	for work in (world["damkar"], world["polresta"]):
		counted = method(
			operator,
			server,
			"frappe.desk.listview.get_group_by_count",
			doctype="Incident",
			current_filters=json.dumps({"name": work.incident}),
			field="assigned_to",
		)
		assert counted.ok, counted.text[:300]
		assert counted.json()["message"] == [{"name": work.operator, "count": 1}]


def test_counts_need_read_permission_on_every_doctype(server, world):
	"""frappe.client.get_count counted any DocType for anyone (frappe.db.count, no permission)."""
	make_watch(random_number())
	frappe.db.commit()
	viewer = new_login(server, VIEWER)
	counted = method(viewer, server, "frappe.client.get_count", doctype="Caller Watch")
	assert counted.status_code == 403, counted.text[:300]
	operator = new_login(server, OPERATOR)
	counted = method(operator, server, "frappe.client.get_count", doctype="Caller Watch")
	assert counted.ok and counted.json()["message"] == frappe.db.count("Caller Watch")


# ---------------------------------------------------------------- a record by name


def rpc(verb: str, method_: str, /, **params) -> tuple:
	return (verb, f"/api/method/{method_}", params)


def by_name_requests(doctype: str, name: str, other_user: str) -> dict:
	"""Every way found to ask about one record by name: (HTTP method, path, parameters)."""
	dt, one = {"doctype": doctype}, {"doctype": doctype, "name": name}
	return {
		"validate_link": rpc("GET", "frappe.client.validate_link", **dt, docname=name),
		"toggle_like": rpc("POST", "frappe.desk.like.toggle_like", **one, add="Yes"),
		"get_value": rpc("GET", "frappe.client.get_value", **dt, fieldname="name", filters=name),
		"getdoc": rpc("GET", "frappe.desk.form.load.getdoc", **one),
		"get_docinfo": rpc("GET", "frappe.desk.form.load.get_docinfo", **one),
		"client.get": rpc("GET", "frappe.client.get", **one),
		"has_permission": rpc("GET", "frappe.client.has_permission", **dt, docname=name, perm_type="read"),
		"search_link": rpc("GET", "frappe.desk.search.search_link", **dt, txt=name),
		"count": rpc("GET", "frappe.desk.reportview.get_count", **dt, filters=json.dumps({"name": name})),
		"get_next": rpc("GET", "frappe.desk.form.utils.get_next", **dt, value=name, prev=1),
		"followers": rpc("GET", "frappe.desk.form.document_follow.get_follow_users", **dt, doc_name=name),
		"follow": rpc(
			"POST", "frappe.desk.form.document_follow.update_follow", **dt, doc_name=name, following=1
		),
		"add_tag": rpc("POST", "frappe.desk.doctype.tag.tag.add_tag", tag="probe", dt=doctype, dn=name),
		"shared with": rpc("GET", "frappe.share.get_users", **one),
		"assign": rpc("POST", "frappe.desk.form.assign_to.add", **one, assign_to=json.dumps([other_user])),
		"transitions": rpc("GET", "frappe.model.workflow.get_transitions", doc=json.dumps(one)),
		"linked docs": rpc("GET", "frappe.desk.form.linked_with.get_linked_docs", **one),
		"pdf": rpc("GET", "frappe.utils.print_format.download_pdf", **one),
		"realtime room": rpc("GET", "frappe.realtime.can_subscribe_doc", **dt, docname=name),
		"printview": ("GET", "/printview", one),
		"resource": ("GET", f"/api/resource/{doctype}/{name}", {}),
		"resource v2": ("GET", f"/api/v2/document/{doctype}/{name}", {}),
		"resource update": ("PUT", f"/api/resource/{doctype}/{name}", {}),
	}


def portal_requests(doctype: str, name: str) -> dict:
	portal = "ambon_112.api.agency_portal."
	if doctype == "Dispatch":
		return {
			"portal page": ("GET", f"/agency/{name}", {}),
			"get_dispatch": rpc("GET", portal + "get_dispatch", dispatch=name),
			"save_report": rpc("POST", portal + "save_report", dispatch=name, notes="x"),
			"status": rpc(
				"POST", "ambon_112.api.dispatch.set_dispatch_status", dispatch=name, status="On Scene"
			),
		}
	if doctype == "Emergency Unit":
		return {
			"share_position": rpc(
				"POST", portal + "share_position", unit=name, latitude=POKA[0], longitude=POKA[1]
			)
		}
	return {}


def answer(session, server, request, name: str) -> tuple[int, str]:
	"""The status and body of a response, with the name asked for and Frappe's random ids blanked."""
	verb, path, params = request
	response = session.request(
		verb,
		f"{server}{path}",
		params=params if verb == "GET" else None,
		data=params if verb != "GET" else None,
		allow_redirects=False,
		timeout=60,
	)
	body = re.sub(r"[0-9a-f]{56}", "<id>", response.text.replace(name, "<name>"))
	return response.status_code, body


def traces(doctype: str, name: str) -> dict:
	"""What a request could have written about a record."""
	frappe.db.rollback()
	return {
		"row": frappe.db.get_value(doctype, name, ["_liked_by", "_user_tags", "_assign"], as_dict=True),
		"comments": frappe.db.count("Comment", {"reference_doctype": doctype, "reference_name": name}),
		"todos": frappe.db.count("ToDo", {"reference_type": doctype, "reference_name": name}),
		"follows": frappe.db.count("Document Follow", {"ref_doctype": doctype, "ref_docname": name}),
	}


def test_another_agencys_record_is_answered_exactly_like_a_missing_one(server, world):
	"""validate_link, toggle_like, getdoc, … once said 200/403/404 depending on whether another
	agency's record exists, and some of them wrote on it."""
	call = make_call(incident=world["polresta"].incident).name  # a DocType agency users never read
	frappe.db.commit()
	for mine, theirs in both_ways(world):
		session = login(server, mine.user)
		for doctype, foreign in {**records(theirs), "Emergency Call": call}.items():
			before = traces(doctype, foreign)
			requests = {
				**by_name_requests(doctype, foreign, theirs.operator),
				**portal_requests(doctype, foreign),
			}
			missing = {**by_name_requests(doctype, MISSING[doctype], theirs.operator)}
			missing.update(portal_requests(doctype, MISSING[doctype]))
			for what, request in requests.items():
				got = answer(session, server, request, foreign)
				assert got == answer(session, server, missing[what], MISSING[doctype]), (
					mine.user,
					doctype,
					what,
				)
				assert got[0] in (403, 404), (mine.user, doctype, what, got)
			assert traces(doctype, foreign) == before, (mine.user, doctype)


def test_like_needs_read_permission_for_everyone(server, world):
	"""Frappe's toggle_like writes _liked_by on any record by name; a record the user may not read is
	now answered as a missing one, and nothing is written."""
	watch = make_watch(random_number()).name
	frappe.db.commit()
	viewer = new_login(server, VIEWER)
	like = "frappe.desk.like.toggle_like"
	refused = answer(viewer, server, rpc("POST", like, doctype="Caller Watch", name=watch, add="Yes"), watch)
	missing = answer(
		viewer, server, rpc("POST", like, doctype="Caller Watch", name="CW-NOPE", add="Yes"), "CW-NOPE"
	)
	assert refused == missing and refused[0] == 404, refused
	assert traces("Caller Watch", watch)["row"]._liked_by is None

	incident = world["damkar"].incident
	operator = new_login(server, OPERATOR)
	liked = method(operator, server, like, True, doctype="Incident", name=incident, add="Yes")
	assert liked.ok, liked.text[:300]
	assert traces("Incident", incident)["row"]._liked_by


# ---------------------------------------------------------------- realtime rooms


def test_agency_users_join_no_doctype_room_and_only_their_agencys_document_room(server, world):
	"""Frappe's socket.io server asks frappe.realtime.can_subscribe_doctype before it puts a socket in
	`doctype:<DocType>`, where every change is broadcast with its name and editor."""
	path = "frappe.realtime.can_subscribe_doctype"
	for mine, theirs in both_ways(world):
		session = login(server, mine.user)
		for doctype in ("Dispatch", "Incident", "Emergency Unit", "Agency", "File", "Comment"):
			refused = method(session, server, path, doctype=doctype)
			assert refused.status_code == 403, (mine.user, doctype, refused.text[:300])
		room = "frappe.realtime.can_subscribe_doc"
		assert method(session, server, room, doctype="Agency", docname=mine.agency).ok
		assert method(session, server, room, doctype="Dispatch", docname=mine.dispatch).ok
		assert method(session, server, room, doctype="Agency", docname=theirs.agency).status_code == 403
	operator = login(server, world["damkar"].operator)
	assert method(operator, server, path, doctype="Dispatch").ok


# ---------------------------------------------------------------- cancelled dispatches


def cancel(dispatch: str):
	from ambon_112.api.dispatch import set_dispatch_status

	set_dispatch_status(dispatch, "Cancelled", notes="Salah kirim: bukan kebakaran")


def test_a_cancelled_dispatch_no_longer_opens_its_incident(server, world):
	"""An agency sent by mistake reads the incident while its dispatch stands; once the centre cancels
	it, the agency keeps only that dispatch record, which says so."""
	for mine, theirs in both_ways(world):
		incident = make_incident(title=frappe.generate_hash(length=10), landmark="Gudang di belakang pasar")
		mistaken = make_dispatch(incident.name, unit=make_unit(mine.agency, mine.unit_type)).name
		make_dispatch(incident.name, unit=make_unit(theirs.agency, theirs.unit_type))
		frappe.db.commit()
		session, other = login(server, mine.user), login(server, theirs.user)
		assert session.get(f"{server}/api/resource/Incident/{incident.name}").ok

		cancel(mistaken)
		frappe.db.commit()
		assert session.get(f"{server}/api/resource/Incident/{incident.name}").status_code == 403
		listed = session.get(f"{server}/api/resource/Incident", params={"limit_page_length": 0}).json()[
			"data"
		]
		assert incident.name not in {r["name"] for r in listed}
		for child in ("Incident Agency", "Incident Triage Answer"):
			assert incident.name not in {r["parent"] for r in child_rows(session, server, child, "Incident")}
		own = session.get(f"{server}/api/resource/Dispatch/{mistaken}")
		assert own.ok and own.json()["data"]["status"] == "Cancelled"
		assert own.json()["data"]["cancel_reason"] == "Salah kirim: bukan kebakaran"
		page = session.get(f"{server}/agency/{mistaken}")
		assert page.status_code == 200, page.text[:300]
		assert incident.title not in page.text and "Gudang di belakang pasar" not in page.text
		view = method(session, server, "ambon_112.api.agency_portal.get_dispatch", dispatch=mistaken)
		assert view.ok and view.json()["message"]["dispatch"]["status"] == "Cancelled"
		assert view.json()["message"]["incident"]["title"] is None
		assert view.json()["message"]["other_agencies"] == []
		# The agency whose dispatch stands still reads the incident.
		assert other.get(f"{server}/api/resource/Incident/{incident.name}").ok

		# Sent again, it reads the incident again.
		make_dispatch(incident.name, unit=make_unit(mine.agency, mine.unit_type))
		frappe.db.commit()
		assert session.get(f"{server}/api/resource/Incident/{incident.name}").ok


# ---------------------------------------------------------------- what a portal session keeps


def test_agency_users_keep_what_a_portal_session_needs(server, world):
	"""The desk's API is refused to agency users; the portal's surface is not."""
	mine = world["damkar"]
	session = login(server, mine.user)
	assert method(session, server, "frappe.auth.get_logged_user").json()["message"] == mine.user
	assert method(session, server, "ambon_112.api.agency_portal.my_dispatches").ok
	strength = method(
		session, server, "frappe.core.doctype.user.user.test_password_strength", new_password="x"
	)
	assert strength.ok, strength.text[:300]
	listed = session.get(f"{server}/api/resource/Dispatch", params={"fields": json.dumps(["name"])})
	names = {r["name"] for r in listed.json()["data"]}
	assert mine.dispatch in names and world["polresta"].dispatch not in names
	assert session.get(f"{server}/agency/{mine.dispatch}").status_code == 200
	# The website menu's "Log out".
	session.get(f"{server}/?cmd=web_logout", allow_redirects=False)
	assert method(session, server, "frappe.auth.get_logged_user").status_code in (401, 403)
