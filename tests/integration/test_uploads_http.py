"""Uploads over HTTP: private, of the allowed types (by name and by content), never markup a browser
would run, and only onto a record the uploader may write."""

import base64
import json
from pathlib import Path

import frappe
import pytest
import requests

from ambon_112.roles import AGENCY_STAFF, OPERATOR, SUPERVISOR, VIEWER
from ambon_112.tests.utils import (
	PNG,
	escalation_level,
	make_agency,
	make_call,
	make_dispatch,
	make_escalation_policy,
	make_incident,
	make_role_users,
	make_unit,
	make_user,
)
from tests.bench import BENCH, TEST_SITE, login, site_headers

pytestmark = pytest.mark.http

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><circle r="9"/></svg>'
HTML = b"<!doctype html><script>alert(document.cookie)</script>"
FILES = BENCH / "sites" / TEST_SITE


@pytest.fixture(scope="module")
def world(site):
	agency = make_agency("Fire")
	incident = make_incident()
	dispatch = make_dispatch(incident.name, unit=make_unit(agency))
	other = make_dispatch(make_incident().name, unit=make_unit(make_agency("Police")))
	call = make_call(incident=incident.name)
	level = escalation_level(1, "Call Unanswered", 15, roles=[SUPERVISOR])
	policy = make_escalation_policy("Emergency Call", [level], is_active=0).name
	log = frappe.get_doc(
		{
			"doctype": "Escalation Log",
			"status": "Open",
			"fired_at": frappe.utils.now_datetime(),
			"policy": policy,
			"reference_doctype": "Emergency Call",
			"reference_name": call.name,
		}
	).insert(ignore_permissions=True)
	aml = frappe.get_doc(
		{"doctype": "AML Location", "transport": "HTTPS", "received_at": frappe.utils.now_datetime()}
	).insert(ignore_permissions=True)
	users = make_role_users(agency)
	frappe.db.commit()
	return {
		"users": users,
		"incident": incident.name,
		"dispatch": dispatch.name,
		"other_dispatch": other.name,
		"call": call.name,
		"log": log.name,
		"aml": aml.name,
	}


def as_user(server, world, who):
	return login(server, world["users"][who])


def upload(session, server, name, content, doctype=None, docname=None, private=1):
	data = {"is_private": private}
	if doctype:
		data.update(doctype=doctype, docname=docname)
	# Distinct bytes per upload: Frappe stores identical content once, under one URL.
	if content.startswith((PNG[:8], b"%PDF")):
		content += frappe.generate_hash(length=10).encode()
	return session.post(
		f"{server}/api/method/upload_file", data=data, files={"file": (name, content)}, timeout=30
	)


def kept_under(name: str) -> list[Path]:
	"""Files of that name (as uploaded, or with Frappe's suffix) left in the site's folders."""
	stem, dot, ext = name.rpartition(".")
	return [
		p for folder in ("public/files", "private/files") for p in (FILES / folder).glob(f"{stem}*{dot}{ext}")
	]


def test_uploads_go_only_onto_records_the_uploader_may_write(server, world):
	refused = {
		"crew": [
			("Emergency Call", world["call"]),
			("Escalation Log", world["log"]),
			("AML Location", world["aml"]),
			("Incident", world["incident"]),  # read, not written, by the crew
			("Dispatch", world["other_dispatch"]),  # another agency's
			(None, None),  # a file on nothing, downloadable later by a link
		],
		"viewer": [
			("Emergency Call", world["call"]),
			("Escalation Log", world["log"]),
			("AML Location", world["aml"]),
			("Incident", world["incident"]),
			(None, None),
		],
		"operator": [("Escalation Log", world["log"]), ("AML Location", world["aml"])],
	}
	for who, targets in refused.items():
		session = as_user(server, world, who)
		for n, (doctype, name) in enumerate(targets):
			filename = f"refused-{who}-{n}-{frappe.generate_hash(length=6)}.png"
			answer = upload(session, server, filename, PNG, doctype, name)
			assert answer.status_code == 403, (who, doctype, answer.status_code, answer.text[:300])
			assert not kept_under(filename), (who, doctype)
		# Frappe's other ways of attaching: frappe.client.attach_file and the File resource.
		attach = session.post(
			f"{server}/api/method/frappe.client.attach_file",
			data={
				"filename": "via-attach.png",
				"filedata": base64.b64encode(PNG).decode(),
				"decode_base64": 1,
				"doctype": "AML Location",
				"docname": world["aml"],
				"is_private": 1,
			},
		)
		assert attach.status_code == 403, (who, attach.text[:300])
		resource = session.post(
			f"{server}/api/resource/File",
			json={
				"file_name": "via-resource.png",
				"content": base64.b64encode(PNG).decode(),
				"decode": 1,
				"attached_to_doctype": "Escalation Log",
				"attached_to_name": world["log"],
				"is_private": 1,
			},
		)
		assert resource.status_code == 403, (who, resource.text[:300])
	frappe.db.rollback()
	for doctype, key in (("Emergency Call", "call"), ("Escalation Log", "log"), ("AML Location", "aml")):
		attached = {"attached_to_doctype": doctype, "attached_to_name": world[key]}
		assert not frappe.get_all("File", filters=attached), doctype

	for who, doctype, name in (
		("crew", "Dispatch", world["dispatch"]),
		("operator", "Incident", world["incident"]),
	):
		answer = upload(as_user(server, world, who), server, "lokasi.png", PNG, doctype, name)
		assert answer.ok, (who, answer.text[:300])
		assert answer.json()["message"]["is_private"] == 1


def test_files_of_the_centres_records_stay_private(server, world):
	crew = as_user(server, world, "crew")
	filename = f"public-{frappe.generate_hash(length=6)}.png"
	public = upload(crew, server, filename, PNG, "Dispatch", world["dispatch"], private=0)
	assert public.status_code == 403, public.text[:300]
	assert not kept_under(filename)

	photo = upload(crew, server, "foto.png", PNG, "Dispatch", world["dispatch"]).json()["message"]
	guest = requests.get(f"{server}{photo['file_url']}", headers=site_headers(), timeout=30)
	assert guest.status_code == 403
	# Its uploader owns the File, yet may not publish it nor move it onto another agency's dispatch.
	url = f"{server}/api/resource/File/{photo['name']}"
	assert crew.put(url, json={"is_private": 0}).status_code == 403
	assert crew.put(url, json={"attached_to_name": world["other_dispatch"]}).status_code == 403
	# Nor may the centre publish it, nor move it off the centre's records to publish it there.
	operator = as_user(server, world, "operator")
	assert operator.put(url, json={"is_private": 0}).status_code == 403
	to_own_profile = {"attached_to_doctype": "User", "attached_to_name": world["users"]["operator"]}
	assert operator.put(url, json=to_own_profile).status_code == 403
	assert (
		crew.put(url, json={**to_own_profile, "attached_to_name": world["users"]["crew"]}).status_code == 403
	)
	frappe.db.rollback()
	assert frappe.db.get_value("File", photo["name"], ["is_private", "attached_to_name"]) == (
		1,
		world["dispatch"],
	)


def test_only_photos_documents_and_recordings_are_attached_and_their_bytes_must_agree(server, world):
	operator = as_user(server, world, "operator")
	for name, content in (
		("peta.svg", SVG),
		("laporan.html", HTML),
		("foto.png", SVG),  # a drawing that says it is a photo
		("foto.gif", HTML),
		("catatan.txt", b"plain text"),
		("laporan.pdf", PNG),
		("skrip.js", b"alert(1)"),
	):
		answer = upload(operator, server, name, content, "Incident", world["incident"])
		assert answer.status_code == 403, (name, answer.status_code, answer.text[:300])
	for name, content in (("laporan.pdf", PDF), ("foto.png", PNG)):
		answer = upload(operator, server, name, content, "Incident", world["incident"])
		assert answer.ok, (name, answer.text[:300])


def test_no_markup_is_stored_anywhere_by_anyone_but_administrator(server, world):
	"""Outside the centre's records (a user's own files, other DocTypes) other types are allowed,
	but never a file a browser would run as a page: /files serves them inline."""
	supervisor = as_user(server, world, "supervisor")
	for n, (name, content) in enumerate(
		(
			("logo.svg", SVG),
			("halaman.html", HTML),
			("halaman.xhtml", HTML),
			("gambar.png", SVG),
			("teks.txt", HTML),
		)
	):
		unique = f"{n}-{frappe.generate_hash(length=6)}-{name}"
		answer = upload(supervisor, server, unique, content, private=0)
		assert answer.status_code == 403, (name, answer.status_code, answer.text[:300])
		assert not kept_under(unique), name
	# An SVG pasted into a comment is saved by Frappe as a file too.
	pasted = supervisor.post(
		f"{server}/api/method/frappe.desk.form.utils.add_comment",
		data={
			"reference_doctype": "Incident",
			"reference_name": world["incident"],
			"content": f'<img src="data:image/svg+xml;base64,{base64.b64encode(SVG).decode()}">',
			"comment_email": world["users"]["supervisor"],
			"comment_by": "Supervisor",
		},
	)
	assert pasted.status_code == 403, pasted.text[:300]
	# Plain files of the desk's own work are still accepted there.
	answer = upload(
		supervisor, server, f"daftar-{frappe.generate_hash(length=6)}.csv", b"a,b\n1,2\n", private=1
	)
	assert answer.ok, answer.text[:300]
	assert json.loads(answer.text)["message"]["is_private"] == 1
