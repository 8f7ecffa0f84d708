"""Comments on the centre's records over HTTP: only by someone who may write the record, in their own
name; the records Frappe writes itself (workflow, attachments, …) are not held back."""

import frappe
import pytest

from ambon_112.roles import AGENCY_STAFF, OPERATOR, VIEWER
from ambon_112.tests.utils import (
	make_agency,
	make_call,
	make_dispatch,
	make_incident,
	make_unit,
	make_user,
)
from tests.bench import login

pytestmark = pytest.mark.http

DESK_COMMENT = "/api/method/frappe.desk.form.utils.add_comment"
# The website's comment box: open to every logged-in user, on any document, without a check.
WEB_COMMENT = "/api/method/frappe.templates.includes.comments.comments.add_comment"


@pytest.fixture(scope="module")
def world(site):
	agency = make_agency("Fire")
	incident = make_incident()
	dispatch = make_dispatch(incident.name, unit=make_unit(agency))
	call = make_call(incident=incident.name)
	users = {
		"crew": make_user([AGENCY_STAFF], agency=agency),
		"operator": make_user([OPERATOR]),
		"viewer": make_user([VIEWER]),
	}
	frappe.db.commit()
	return {"users": users, "incident": incident.name, "dispatch": dispatch.name, "call": call.name}


def as_user(server, world, who):
	return login(server, world["users"][who])


def desk_comment(session, server, doctype, name, text, author="someone@else.test"):
	return session.post(
		f"{server}{DESK_COMMENT}",
		data={
			"reference_doctype": doctype,
			"reference_name": name,
			"content": text,
			"comment_email": author,
			"comment_by": "Kepala Dinas",
		},
	)


def web_comment(session, server, doctype, name, text):
	return session.post(
		f"{server}{WEB_COMMENT}",
		data={
			"comment": text,
			"comment_email": "someone@else.test",
			"comment_by": "Kepala Dinas",
			"reference_doctype": doctype,
			"reference_name": name,
			"route": "",
		},
	)


def comments_on(doctype, name, comment_type="Comment") -> list:
	frappe.db.rollback()  # what the server committed
	return frappe.get_all(
		"Comment",
		filters={"reference_doctype": doctype, "reference_name": name, "comment_type": comment_type},
		fields=["content", "comment_email", "comment_by", "owner"],
	)


def test_the_viewer_and_the_agency_comment_on_nothing_they_may_not_write(server, world):
	tries = {
		"viewer": [
			("Incident", world["incident"]),
			("Dispatch", world["dispatch"]),
			("Emergency Call", world["call"]),
		],
		# The crew reads the incident it was sent to, and reads no call at all.
		"crew": [("Incident", world["incident"]), ("Emergency Call", world["call"])],
	}
	for who, records in tries.items():
		session = as_user(server, world, who)
		for doctype, name in records:
			for via, post in (("desk", desk_comment), ("website", web_comment)):
				answer = post(session, server, doctype, name, f"{who} via {via}")
				assert answer.status_code == 403, (who, via, doctype, answer.status_code, answer.text[:300])
			refused = session.post(
				f"{server}/api/resource/Comment",
				json={
					"comment_type": "Comment",
					"reference_doctype": doctype,
					"reference_name": name,
					"content": "x",
				},
			)
			assert refused.status_code == 403, (who, doctype, refused.text[:300])
			assert not comments_on(doctype, name), (who, doctype)


def test_who_may_write_a_record_comments_on_it_in_their_own_name(server, world):
	for who, doctype, name in (
		("operator", "Incident", world["incident"]),
		("operator", "Dispatch", world["dispatch"]),
	):
		answer = desk_comment(as_user(server, world, who), server, doctype, name, f"Catatan {who}")
		assert answer.ok, (who, answer.text[:300])
		(comment,) = [c for c in comments_on(doctype, name) if c.content == f"Catatan {who}"]
		user = world["users"][who]
		assert comment.comment_email == comment.owner == user, comment
		assert comment.comment_by != "Kepala Dinas"


def test_frappes_own_records_of_a_crews_report_are_kept(server, world):
	"""The crew cannot write the incident, yet its arrival moves the incident's workflow, and
	Frappe records that as a Workflow comment in the crew's name."""
	incident = make_incident()
	dispatch = make_dispatch(incident.name, unit=make_unit(make_agency("Fire")))
	crew = make_user([AGENCY_STAFF], agency=frappe.db.get_value("Dispatch", dispatch.name, "agency"))
	frappe.db.commit()
	answer = login(server, crew).post(
		f"{server}/api/method/ambon_112.api.dispatch.set_dispatch_status",
		data={"dispatch": dispatch.name, "status": "On Scene"},
	)
	assert answer.ok, answer.text[:300]
	workflow = comments_on("Incident", incident.name, "Workflow")
	assert crew in {c.owner for c in workflow}, workflow
