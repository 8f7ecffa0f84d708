"""Text from outside never runs as script.

Every payload of tests/integration/xss.py goes into every text field of every ambon_112 DocType
(the fields are read from the metadata) through every way in: the REST API, the call-taker's
and the dispatcher's endpoints, the agency portal, the PBX webhook, the AML endpoints, desk
comments and upload file names. Then (1) nothing stored holds markup, except the raw AML message,
which is kept exactly as received; and (2) headless Chromium opens every page that shows them, as
the operator, the 112 Viewer and agency staff: no dialog may open, no payload may run, no element
of theirs may appear. Screenshots in test-artifacts/xss/ (not committed).
"""

import itertools
import json
import random
import re
import time
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from urllib.parse import quote, unquote

import frappe
import pytest
import requests
from frappe.utils import add_to_date, now_datetime

from ambon_112.roles import AGENCY_STAFF, OPERATOR, SUPERVISOR, TRAINER, VIEWER
from ambon_112.tests.utils import (
	HONIPOPU,
	KPI_REPORTS,
	PNG,
	make_agency,
	make_api_user,
	make_call,
	make_position,
	make_user,
	random_number,
	unique,
)
from tests.bench import REPO, error_message, login, site_headers
from tests.integration.test_agency_portal_browser import NEEDS_CHROMIUM, log_in
from tests.integration.test_incoming_call_browser import POPUP, WEBHOOK, open_desk
from tests.integration.xss import (
	LEGIT,
	PAYLOADS,
	Executable,
	Watch,
	app_doctypes,
	child_tables,
	has_markup,
	resource,
	text_fields,
	verbatim_fields,
)

SHOTS = REPO / "test-artifacts" / "xss"
pytestmark = [pytest.mark.http, NEEDS_CHROMIUM]

# A valid record of each DocType, around the payloads. A new DocType needs an entry here: the
# test that plants payloads everywhere says so.
BASE = {
	"Agency": lambda w: {
		"agency_name": unique("XSS Instansi"),
		"abbreviation": unique("X"),
		"agency_type": "Fire",
		"is_active": 0,
		"contacts": [{"label": "Piket"}],
		"members": [{"user": portal_user()}],
	},
	"Agency Type": lambda w: {"agency_type_name": unique("XSS Jenis")},
	"AML Location": lambda w: {"received_at": str(now_datetime()), "transport": "SMS"},
	"Ambon Area": lambda w: {
		"area_name": unique("XSS Kelurahan"),
		"area_code": f"81.71.02.9{frappe.generate_hash(length=3)}",
		"level": "Kelurahan",
		"parent_ambon_area": "81.71.02",
	},
	"Call Review": lambda w: {"call": w["call"], "items": [{"item": "Salam pembuka", "weight": 1}]},
	"Call Review Checklist": lambda w: {
		"checklist_name": unique("XSS Daftar Periksa"),
		"items": [{"item": "Salam pembuka", "weight": 1}],
	},
	# One per payload (a call has one task): a call of its own, committed for the server to see.
	"Callback Task": lambda w: {"call": committed_call(), "reason": "Missed"},
	"Caller Watch": lambda w: {
		"caller_number": random_number(),
		"list_type": "Watch",
		"expires_at": str(add_to_date(now_datetime(), days=1)),
		"reason": "Sering menelepon iseng",
	},
	"Dispatch": lambda w: {"incident": w["incident"], "agency": w["agency"]},
	"Duty Shift": lambda w: {
		"shift_type_name": unique("XSS Shift"),
		"start_time": "01:00:00",
		"end_time": "02:00:00",
		"is_active": 0,
	},
	"Emergency Call": lambda w: {"received_at": str(now_datetime()), "caller_number": random_number()},
	"Emergency Unit": lambda w: {
		"call_sign": unique("XSS"),
		"agency": w["agency"],
		"unit_type": "Fire Engine",
		"status": "Available",
		"latitude": HONIPOPU[0],
		"longitude": HONIPOPU[1],
	},
	"Emergency Unit Type": lambda w: {"unit_type_name": unique("XSS Tipe"), "agency_type": "Fire"},
	"Escalation Log": lambda w: {
		"status": "Cleared",
		"fired_at": str(now_datetime()),
		"policy": w["policy"],
		"level": 1,
		"repeat_no": int(frappe.generate_hash(length=6), 16),  # one log per firing
		"reference_doctype": "Incident",
		"reference_name": w["incident"],
	},
	"Exercise Session": lambda w: {
		"title": unique("XSS Latihan"),
		"trainer": w["users"]["trainer"],
		"trainees": [{"trainee": w["users"]["operator"]}],
		"scenarios": [{"scenario": w["scenario"]}],
	},
	"Escalation Policy": lambda w: {
		"policy_name": unique("XSS Kebijakan"),
		"applies_to": "Incident",
		"is_active": 0,
		"levels": [
			{
				"level": 1,
				"trigger_condition": "Incident Not Dispatched",
				"delay_seconds": 60,
				"raise_priority": 1,
			}
		],
	},
	"Incident": lambda w: {
		"title": unique("XSS Kejadian"),
		"incident_type": w["incident_type"],
		"latitude": HONIPOPU[0],
		"longitude": HONIPOPU[1],
	},
	"Incident Type": lambda w: {"incident_type_name": unique("XSS Jenis"), "default_priority": "P3"},
	# A month no other test reads (a report per month); the period is the only text, and a month.
	"Monthly Service Report": lambda w: {"period": unused_month()},
	"National Call Class Map": lambda w: {"call_class": unique("XSS Kelas"), "national_class": "normal"},
	# One map per incident type: a new type for each.
	"National Incident Type Map": lambda w: {
		"incident_type": drill_incident_type(w),
		"national_category": "Kebakaran",
	},
	"Operator Certificate": lambda w: {
		"operator": w["users"]["operator"],
		"certificate": unique("XSS Sertifikat"),
		"expires_on": "2099-12-31",
	},
	"Operator Position": lambda w: {"position_name": unique("XSS Meja"), "extension": unique("9")},
	# A day of its own (one shift a day per person), long past: no shift job or report reads it.
	"Roster Assignment": lambda w: roster_day(w),
	# Drafted by the minute's job, never created by a role: made here, acknowledged (nothing to
	# escalate); the outgoing supervisor's notes are planted through REST like every other field.
	"Shift Handover": lambda w: made_here(
		{
			"doctype": "Shift Handover",
			"title": unique("XSS Serah Terima"),
			"shift_key": unique("xss"),
			"status": "Acknowledged",
			"staffing_status": "Staffed",
		}
	),
	"Shift Swap Request": lambda w: {
		"assignment": made_here({"doctype": "Roster Assignment", **roster_day(w)})["name"],
		"replacement": w["users"]["second_operator"],
	},
	"Training Scenario": lambda w: {
		"scenario_name": unique("XSS Skenario"),
		"category": "Emergency",
		"difficulty": "Basic",
		"is_active": 0,  # never rung by another test's drill
		"expected_classification": "Emergency",
		"steps": [{"caller_says": "Tolong, rumah terbakar"}],
	},
	"Triage Question": lambda w: {
		"question": unique("XSS Pertanyaan"),
		"incident_type": w["incident_type"],
		"answer_type": "Choice",
		"choices": "Ya\nTidak",
		"rules": [{"answer": "Ya", "priority_change": 1}],
	},
	"Unit Capability": lambda w: {"capability_name": unique("XSS Kemampuan")},
}


def roster_day(w: dict) -> dict:
	day = add_to_date("2000-01-01", days=next(ROSTER_DAYS))
	return {
		"shift_date": str(day),
		"shift_type": "Pagi",
		"role_in_shift": "Operator",
		"user": w["users"]["operator"],
	}


ROSTER_DAYS = itertools.count(int(frappe.generate_hash(length=3), 16))


def made_here(doc: dict) -> dict:
	"""A record the battery cannot POST (no role creates it), made in-process and committed: the
	planter then writes its text fields through REST."""
	name = frappe.get_doc(doc).insert(ignore_permissions=True).name
	frappe.db.commit()
	MADE_HERE.append((doc["doctype"], name))
	return {"name": name}


MADE_HERE: list[tuple[str, str]] = []
# No role may create or write these: code alone makes them (the restore drill, a console sign-on),
# so no outside text can reach them; the metadata says so (test_made_by_code_is_written_by_no_role).
MADE_BY_CODE = ("Restore Drill", "Console Session")
# Written by code alone, from a crew's queued presses: planted through that way in (through_the_ways_in).
PLANTED_ON_THE_WAY_IN = ("Field Update",)


def committed_call() -> str:
	name = make_call(caller_number=random_number()).name
	frappe.db.commit()
	return name


BASE_ROW = {
	"Shift Handover Item": lambda w: {"section": "Open Incident"},
	"Agency Contact": lambda w: {"label": "Piket"},
	"AML Location Warning": lambda w: {},
	"Agency Member": lambda w: {"user": portal_user()},
	"Escalation Level": lambda w: {
		"level": 1,
		"trigger_condition": "Incident Not Dispatched",
		"delay_seconds": 60,
		"raise_priority": 1,
	},
	"Call Review Checklist Item": lambda w: {"item": "Salam pembuka", "weight": 1},
	"Call Review Item": lambda w: {"item": "Salam pembuka", "weight": 1},
	"Escalation Log Recipient": lambda w: {},
	"Exercise Result": lambda w: {"trainee": w["users"]["operator"], "scenario": w["scenario"]},
	"Incident Triage Answer": lambda w: {"question": w["question"], "answer": "Ya"},
	"Training Scenario Step": lambda w: {"caller_says": "Tolong, rumah terbakar"},
	"Triage Answer Rule": lambda w: {"answer": "Ya", "priority_change": 1},
}


def portal_user() -> str:
	"""A portal user to list as an agency's member (a user serves one agency: a new one each time);
	without a password, which is what makes make_user slow."""
	email = f"{unique('member').lower()}@test.ambon112.test"
	frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "Anggota",
			"send_welcome_email": 0,
			"user_type": "Website User",
			"roles": [{"role": AGENCY_STAFF}],
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	return email


def unused_month() -> str:
	"""A month of the 17th or 18th century, for a Monthly Service Report (one per month) no other
	test reads; never the same twice in a run."""
	while True:
		period = f"1{random.randint(600, 899)}-{random.randint(1, 12):02d}"
		if period not in MONTHS_TAKEN and not frappe.db.exists("Monthly Service Report", period):
			MONTHS_TAKEN.add(period)
			return period


MONTHS_TAKEN: set[str] = set()


def drill_incident_type(w: dict) -> str:
	"""A new incident type (removed again with the module's other reference records)."""
	name = (
		frappe.get_doc(
			{
				"doctype": "Incident Type",
				"incident_type_name": unique("XSS Jenis Peta"),
				"default_priority": "P4",
			}
		)
		.insert(ignore_permissions=True)
		.name
	)
	frappe.db.commit()
	w["incident_types_made"].append(name)
	return name


# The command centre's reports: names, areas, numbers and policies in their cells and messages.
REPORTS = (*KPI_REPORTS, "Escalations")
# Reference records the other tests count: removed again when the module ends (in this order:
# what links to a record goes first). So are the training and reporting records, which the training
# reports and the monthly report count.
REMOVED_AFTERWARDS = (
	"Shift Swap Request",
	"Roster Assignment",
	"Operator Certificate",
	"Duty Shift",
	"Exercise Session",
	"Call Review",
	"Call Review Checklist",
	"Training Scenario",
	"National Incident Type Map",
	"National Call Class Map",
	"Monthly Service Report",
	"Agency Type",
	"Ambon Area",
	"Emergency Unit Type",
	"Incident Type",
	"Operator Position",
	"Unit Capability",
)


class Planter:
	"""Posts payloads over HTTP and remembers where they went and which requests failed on the server."""

	def __init__(self, base: str):
		self.base = base
		self.server_errors = []
		self.requests = 0

	def call(self, session, method: str, url: str, **kwargs):
		self.requests += 1
		response = session.request(method, url, timeout=60, **kwargs)
		if response.status_code >= 500:
			self.server_errors.append(f"{method} {url}: {response.status_code} {response.text[:300]}")
		return response

	def method(self, session, path: str, **data):
		response = self.call(session, "POST", f"{self.base}/api/method/{path}", data=data)
		assert response.ok, (path, response.text[:500])
		return response.json()["message"]

	def method_or_else(self, session, path: str, field: str, fallback: str, **data):
		"""``path`` with ``data``; when it is refused (a required text that was only markup is empty
		once cleaned), again with ``fallback`` in ``field``."""
		response = self.call(session, "POST", f"{self.base}/api/method/{path}", data=data)
		if response.ok:
			return response.json()["message"]
		return self.method(session, path, **{**data, field: fallback})

	def plant(self, session, plan: dict) -> str:
		"""A record whose every text field (its rows' too) was sent the payload: all at once; when
		something is refused (an e-mail field, a required text that was only markup), the fields
		Frappe checks one by one and the others together, so that no refusal hides the rest."""
		doctype = plan["doctype"]
		if made := plan["base"].get("name"):  # made in-process (no role creates it): only written here
			for values in plan["puts"]:
				self.put_or_split(session, resource(self.base, doctype, made), values)
			return made
		response = self.call(session, "POST", resource(self.base, doctype), json=plan["full"])
		if response.ok:
			return response.json()["data"]["name"]
		response = self.call(session, "POST", resource(self.base, doctype), json=plan["base"])
		assert response.ok, (doctype, response.text[:500])
		name = response.json()["data"]["name"]
		for values in plan["puts"]:
			self.put_or_split(session, resource(self.base, doctype, name), values)
		return name

	def put_or_split(self, session, url: str, values: dict):
		if not self.call(session, "PUT", url, json=values).ok and len(values) > 1 and not is_rows(values):
			for field, value in values.items():
				self.call(session, "PUT", url, json={field: value})


def is_rows(values: dict) -> bool:
	return any(isinstance(v, list) for v in values.values())


def plan(world: dict, doctype: str, payload: str) -> dict:
	"""What Planter.plant posts, prepared here (it reads the metadata and may make users: in-process
	Frappe, which the threads that post cannot use)."""
	texts = dict.fromkeys(text_fields(doctype), payload)
	rows = {
		table: [{**BASE_ROW[child](world), **dict.fromkeys(text_fields(child), payload)}]
		for table, child in child_tables(doctype)
	}
	base = BASE[doctype](world)
	puts = [dict.fromkeys(group, payload) for group in groups(doctype, text_fields(doctype))]
	puts += [
		{table: [{**BASE_ROW[child](world), **dict.fromkeys(group, payload)}]}
		for table, child in child_tables(doctype)
		for group in groups(child, text_fields(child))
	]
	return {"doctype": doctype, "full": {**base, **texts, **rows}, "base": base, "puts": puts}


def groups(doctype: str, fields: list[str]) -> list[list[str]]:
	"""The fields Frappe itself may refuse (required, e-mail, phone), each alone; then the rest."""
	meta = frappe.get_meta(doctype)
	alone = [
		f
		for f in fields
		if meta.get_field(f).reqd or meta.get_field(f).options in ("Email", "Phone", "URL", "Name")
	]
	rest = [f for f in fields if f not in alone]
	return [[f] for f in alone] + ([rest] if rest else [])


@pytest.fixture(scope="module")
def world(live_web):
	"""Users of every role, an agency whose name breaks attributes, a drill incident type, and then
	every payload everywhere, posted over HTTP by the user each way in belongs to."""
	SHOTS.mkdir(parents=True, exist_ok=True)
	setup_complete = frappe.db.get_single_value("System Settings", "setup_complete")
	frappe.db.set_single_value("System Settings", "setup_complete", 1)
	# Named with a quote: names are printed into attributes (a double quote is refused, see below).
	agency = make_agency("Fire", agency_name=f"{unique('Damkar')} {PAYLOADS['attribute-single']}")
	incident_type = frappe.get_doc(
		{
			"doctype": "Incident Type",
			"incident_type_name": unique("XSS Latihan"),
			"default_priority": "P2",
			"agency_types": [{"agency_type": "Fire"}],
		}
	).insert(ignore_permissions=True)
	operator = make_user([OPERATOR])
	scenario = frappe.get_doc({**BASE["Training Scenario"]({}), "doctype": "Training Scenario"}).insert()
	extension = f"8{frappe.generate_hash(length=5)}"
	make_position(operator, on_duty=1, extension=extension)
	_, key, secret = make_api_user()
	w = {
		"agency": agency,
		"incident_type": incident_type.name,
		"users": {
			"operator": operator,
			"second_operator": make_user([OPERATOR]),
			"viewer": make_user([VIEWER]),
			"crew": make_user([AGENCY_STAFF], agency=agency),
			"crew_mate": make_user([AGENCY_STAFF], agency=agency),
			"supervisor": make_user([SUPERVISOR]),
			"trainer": make_user([TRAINER]),
		},
		"scenario": scenario.name,
		"call": frappe.get_doc({**BASE["Emergency Call"]({}), "doctype": "Emergency Call"}).insert().name,
		"incident_types_made": [],
		"extension": extension,
		"pbx": {"Authorization": f"token {key}:{secret}"},
		"setup_complete": setup_complete,
	}
	w["question"] = frappe.get_doc({**BASE["Triage Question"](w), "doctype": "Triage Question"}).insert().name
	w["incident"] = frappe.get_doc({**BASE["Incident"](w), "doctype": "Incident"}).insert().name
	w["policy"] = (
		frappe.get_doc({**BASE["Escalation Policy"](w), "doctype": "Escalation Policy"}).insert().name
	)
	frappe.db.commit()

	planter = Planter(live_web)
	admin = login(live_web, "Administrator", "admin")
	pbx = requests.Session()
	pbx.headers.update({**w["pbx"], **site_headers()})
	w["sessions"] = {
		"operator": login(live_web, operator),
		"crew": login(live_web, w["users"]["crew"]),
		"pbx": pbx,
	}
	w["records"] = {}
	try:
		plans = {
			doctype: {kind: plan(w, doctype, payload) for kind, payload in PAYLOADS.items()}
			for doctype in app_doctypes()
			if doctype in BASE
		}

		def plant_all(doctype):
			# One DocType's records one after the other (a tree's inserts would deadlock each other),
			# three DocTypes at a time, each thread with the administrator's cookies.
			# Recorded as they come, for clean_up to find even when a later one fails.
			session, planted = copy_session(admin), w["records"].setdefault(doctype, {})
			for kind, p in plans[doctype].items():
				planted[kind] = planter.plant(session, p)

		with ThreadPoolExecutor(max_workers=3) as pool:
			list(pool.map(plant_all, plans))
		w["through"] = {kind: through_the_ways_in(planter, w, payload) for kind, payload in PAYLOADS.items()}
		w["legit"] = plant_legit_text(planter, admin, w)
		w["server_errors"] = planter.server_errors
		frappe.db.rollback()  # a fresh snapshot: see what the server committed
		yield w
	finally:
		clean_up(w)


def through_the_ways_in(planter: Planter, w: dict, payload: str) -> dict:
	"""One payload through the PBX, the call-taker, the dispatcher, the crew, AML, comments, uploads."""
	base, users = planter.base, w["users"]
	operator, crew, pbx = (w["sessions"][who] for who in ("operator", "crew", "pbx"))
	call = planter.method(
		pbx, "ambon_112.api.telephony.call_event",
		call_id=f"xss-{frappe.generate_hash(length=10)}", event="answered", caller=payload, agent=w["extension"],
	)["call"]  # fmt: skip
	planter.call(
		operator, "PUT", resource(base, "Emergency Call", call),
		json={"caller_name": payload, "landmark": payload, "location_text": payload, "notes": payload},
	)  # fmt: skip
	incident = planter.method_or_else(
		operator, "ambon_112.api.intake.create_incident", "title", unique("Kebakaran"),
		call=call, incident_type=w["incident_type"], title=payload, description=payload,
	)["incident"]  # fmt: skip
	planter.call(
		operator, "PUT", resource(base, "Incident", incident),
		json={"landmark": payload, "location_text": payload, "hazards": payload, "resolution": payload},
	)  # fmt: skip
	unit = frappe.get_doc({**BASE["Emergency Unit"](w), "doctype": "Emergency Unit"}).insert().name
	frappe.db.commit()
	dispatched = planter.method(
		operator, "ambon_112.api.dispatch.dispatch_units",
		incident=incident, units=json.dumps([unit]), agencies=json.dumps([w["agency"]]), instructions=payload,
	)["dispatches"]  # fmt: skip
	dispatch, cancelled = (d["name"] for d in dispatched)
	planter.method_or_else(
		operator, "ambon_112.api.dispatch.set_dispatch_status", "notes", f"Salah kirim {payload}",
		dispatch=cancelled, status="Cancelled", notes=payload,
	)  # fmt: skip
	planter.method(crew, "ambon_112.api.agency_portal.save_report", dispatch=dispatch, notes=payload)
	# A note and a status press queued on the phone, with the payload as note and as status.
	pressed = int(time.time() * 1000)
	notes = {
		"client_id": frappe.generate_hash(length=24),
		"dispatch": dispatch,
		"kind": "Note",
		"notes": payload,
		"pressed_at": pressed,
	}
	odd = {
		"client_id": frappe.generate_hash(length=24),
		"dispatch": dispatch,
		"kind": "Status",
		"status": payload,
		"pressed_at": pressed,
	}
	planter.method(crew, "ambon_112.api.agency_portal.sync_updates", updates=json.dumps([notes, odd]))
	aml_sms = planter.method(pbx, "ambon_112.api.aml.sms", text=payload, sender=payload)["aml_location"]
	aml_https = planter.method(
		pbx, "ambon_112.api.aml.https", v="3", device_number=payload, emergency_number=payload, location_source=payload
	)["aml_location"]  # fmt: skip
	for doctype, name in (("Emergency Call", call), ("Incident", incident), ("Dispatch", dispatch)):
		planter.method(
			operator, "frappe.desk.form.utils.add_comment",
			reference_doctype=doctype, reference_name=name, content=payload,
			comment_email=users["operator"], comment_by=users["operator"],
		)  # fmt: skip
	for session, doctype, name in ((crew, "Dispatch", dispatch), (operator, "Incident", incident)):
		planter.call(
			session, "POST", f"{base}/api/method/upload_file",
			data={"doctype": doctype, "docname": name, "is_private": 1},
			files={"file": (f"{payload}.png", PNG + frappe.generate_hash().encode(), "image/png")},
		)  # fmt: skip
	return {
		"Emergency Call": call,
		"Incident": incident,
		"Dispatch": dispatch,
		"cancelled": cancelled,
		"AML Location": aml_sms,
		"aml_https": aml_https,
		"field_updates": [notes["client_id"], odd["client_id"]],
	}


def field_updates(ways: dict) -> list[str]:
	"""The Field Update logs of the crew's queued presses (named by the server, found by client id)."""
	return frappe.get_all("Field Update", filters={"client_id": ("in", ways["field_updates"])}, pluck="name")


def plant_legit_text(planter: Planter, admin, w: dict) -> dict:
	"""Ordinary text with "<", "&" and quotes, into a record of every kind, every text field."""
	return {
		(doctype, i): planter.plant(admin, plan(w, doctype, text))
		for doctype in ("Incident", "Dispatch", "Emergency Call", "Agency")
		for i, text in enumerate(LEGIT)
	}


def copy_session(session: requests.Session) -> requests.Session:
	copy = requests.Session()
	copy.headers.update(session.headers)
	copy.cookies.update(session.cookies)
	return copy


def clean_up(w: dict):
	frappe.db.rollback()
	# Calls, incidents and dispatches are never deleted; the reference records other tests count are.
	areas = list(w["records"].get("Ambon Area", {}).values())
	for doctype in REMOVED_AFTERWARDS:
		for name in w["records"].get(doctype, {}).values():
			frappe.delete_doc(doctype, name, ignore_permissions=True)
	for doctype, name in reversed(MADE_HERE):
		if doctype == "Roster Assignment":  # its swap requests go first
			for swap in frappe.get_all("Shift Swap Request", filters={"assignment": name}, pluck="name"):
				frappe.delete_doc("Shift Swap Request", swap, ignore_permissions=True, force=True)
		frappe.delete_doc(doctype, name, ignore_permissions=True, force=True)
	for name in w.get("incident_types_made", []):
		frappe.delete_doc("Incident Type", name, ignore_permissions=True)
	if w.get("scenario"):
		frappe.delete_doc("Training Scenario", w["scenario"], ignore_permissions=True)
	frappe.db.set_value(
		"Emergency Unit", {"agency": w["agency"]}, {"status": "Out of Service", "is_active": 0}
	)
	frappe.db.set_value("Operator Position", {"extension": w["extension"]}, "on_duty", 0)
	frappe.db.set_single_value("System Settings", "setup_complete", w["setup_complete"])
	frappe.db.commit()
	assert not any(frappe.db.exists("Ambon Area", a) for a in areas)


# ---------------------------------------------------------------- (1) what is stored


def stored_text(doctype: str, name: str) -> list[tuple[str, str, str]]:
	"""(where, field, value) of every text value of a record and its rows."""
	doc = frappe.get_doc(doctype, name)
	values = [(f"{doctype} {name}", f, doc.get(f)) for f in text_fields(doctype)]
	for table, child in child_tables(doctype):
		for row in doc.get(table):
			values += [(f"{doctype} {name} row {row.idx}", f, row.get(f)) for f in text_fields(child)]
	return values


def test_every_doctype_has_a_record_to_plant_payloads_in(site):
	planted = [d for d in app_doctypes() if d not in MADE_BY_CODE + PLANTED_ON_THE_WAY_IN]
	missing = [d for d in planted if d not in BASE and not frappe.get_meta(d).issingle]
	assert not missing, f"add a valid record of {missing} to BASE in this test"
	missing_rows = [c for d in planted for _t, c in child_tables(d) if c not in BASE_ROW]
	assert not missing_rows, f"add a valid row of {missing_rows} to BASE_ROW in this test"


def test_made_by_code_is_written_by_no_role(site):
	for doctype in MADE_BY_CODE + PLANTED_ON_THE_WAY_IN:
		for perm in frappe.get_meta(doctype).permissions:
			assert not (perm.create or perm.write or perm.get("import")), (doctype, perm.role)


def test_no_stored_text_holds_markup(world):
	checked, marked = 0, []
	records = [(d, n) for d, by_kind in world["records"].items() for n in by_kind.values()]
	for ways in world["through"].values():
		records += [(d, ways[d]) for d in ("Emergency Call", "Incident", "Dispatch", "AML Location")]
		records += [("Field Update", name) for name in field_updates(ways)]
		records += [("Dispatch", ways["cancelled"]), ("AML Location", ways["aml_https"])]
	for doctype, name in records:
		for where, field, value in stored_text(doctype, name):
			checked += 1
			if has_markup(value):
				marked.append(f"{where}.{field} = {value!r}")
	assert checked > 500
	assert not marked, f"{len(marked)} stored values hold markup:\n" + "\n".join(marked[:40])


def test_the_raw_aml_message_is_kept_exactly_as_received(world):
	assert "raw_message" in verbatim_fields("AML Location")
	for kind, payload in PAYLOADS.items():
		name = world["through"][kind]["AML Location"]
		assert frappe.db.get_value("AML Location", name, "raw_message") == payload, kind


def test_ordinary_text_is_stored_as_typed(world):
	for (doctype, i), name in world["legit"].items():
		doc = frappe.get_doc(doctype, name)
		for field in ("title", "description", "landmark", "instructions", "notes", "address"):
			if doc.meta.has_field(field):
				assert doc.get(field) == LEGIT[i], (doctype, field)


def test_comments_and_file_names_carry_nothing_executable(world):
	found = []
	for ways in world["through"].values():
		for doctype in ("Emergency Call", "Incident", "Dispatch"):
			name = ways[doctype]
			for c in frappe.get_all(
				"Comment", {"reference_doctype": doctype, "reference_name": name}, ["content"]
			):
				if Executable(c.content).found:
					found.append(f"comment on {name}: {c.content!r}")
			for f in frappe.get_all(
				"File", {"attached_to_doctype": doctype, "attached_to_name": name}, ["file_name"]
			):
				if has_markup(f.file_name):
					found.append(f"file on {name}: {f.file_name!r}")
	assert not found, "\n".join(found)


def test_a_name_that_would_break_an_attribute_is_refused(world, live_web):
	admin = login(live_web, "Administrator", "admin")
	for doctype, field in (("Agency Type", "agency_type_name"), ("Unit Capability", "capability_name")):
		response = admin.post(
			resource(live_web, doctype), json={field: f'{unique("XSS")} "Siaga"'}, timeout=30
		)
		assert response.status_code == 417, response.text[:300]
		assert '"' in error_message(response), error_message(response)
		assert not frappe.db.exists(doctype, {field: ("like", '%"Siaga"')})


def test_no_payload_made_the_server_fail(world):
	assert not world["server_errors"], "\n".join(world["server_errors"])


# ---------------------------------------------------------------- (2) every page that shows them


def wait_until(page, condition: str, arg, what: str):
	"""page.wait_for_function, failing with what the page shows instead of a bare timeout."""
	from playwright.sync_api import TimeoutError as PlaywrightTimeout

	try:
		page.wait_for_function(condition, arg=arg)
	except PlaywrightTimeout:
		shot = SHOTS / f"timeout-{re.sub(r'[^A-Za-z0-9]+', '-', what)[:60]}.png"
		page.screenshot(path=str(shot))
		route = page.evaluate("() => window.frappe && frappe.get_route_str()")
		raise AssertionError(f"{what} did not load (route {route!r}, errors {page.errors}); see {shot}")


def desk_form(page, watch: Watch, doctype: str, name: str):
	page.evaluate("([d, n]) => frappe.set_route('Form', d, n)", [doctype, name])
	wait_until(
		page,
		"([d, n]) => window.cur_frm && cur_frm.doctype === d && cur_frm.doc.name === n"
		" && !cur_frm.is_new() && !frappe.request.ajax_count",
		[doctype, name],
		f"{doctype} {name}",
	)
	time.sleep(0.25)  # images that fail to load fire their handlers a moment later
	watch.check(f"{doctype} {name}")


def desk_list(page, watch: Watch, doctype: str):
	page.evaluate("(d) => frappe.set_route('List', d)", doctype)
	wait_until(
		page,
		"(d) => window.cur_list && cur_list.doctype === d && !frappe.request.ajax_count",
		doctype,
		f"{doctype} list",
	)
	time.sleep(0.6)
	watch.check(f"{doctype} list")


def desk_page(page, watch: Watch, route: str, ready: str):
	page.evaluate("(r) => frappe.set_route(r)", route)
	page.wait_for_function(f"() => ({ready}) && !frappe.request.ajax_count")
	time.sleep(0.4)
	watch.check(route)


def print_view(page, watch: Watch, base: str, incident: str):
	page.goto(
		f"{base}/printview?doctype=Incident&name={quote(incident)}"
		"&format=Incident%20Report&no_letterhead=1&trigger_print=0"
	)
	page.wait_for_selector(".ambon112-report")
	time.sleep(0.4)
	watch.check(f"Incident Report of {incident}")


def readable(user: str, doctypes) -> list[str]:
	return [d for d in doctypes if frappe.has_permission(d, "read", user=user)]


def test_the_operator_s_desk_runs_no_payload(world, live_web, chromium):
	operator = world["users"]["operator"]
	page = open_desk(chromium, live_web, operator)
	watch = Watch(page, "operator")
	watch.check("the desk")

	# The incoming-call pop-up: one call per payload, from a number the caller chose.
	for payload in PAYLOADS.values():
		response = requests.post(
			f"{live_web}{WEBHOOK}",
			data={
				"call_id": f"xss-pop-{frappe.generate_hash(length=10)}",
				"event": "ringing",
				"caller": payload,
				"agent": world["extension"],
			},
			headers=world["pbx"],
			timeout=60,
		)
		assert response.ok, response.text
		assert response.json()["message"]["notified"] == [operator]
		page.wait_for_selector(POPUP, timeout=15_000)
		time.sleep(0.4)
		watch.check(f"the incoming-call pop-up for {payload!r}")
		page.evaluate("() => cur_dialog && cur_dialog.hide()")
		page.wait_for_function("() => !document.querySelector('.modal.show')")
	page.screenshot(path=str(SHOTS / "operator-desk.png"))

	for ways in world["through"].values():
		for doctype in ("Emergency Call", "Incident", "Dispatch", "AML Location"):
			desk_form(page, watch, doctype, ways[doctype])
		desk_form(page, watch, "Dispatch", ways["cancelled"])
		desk_form(page, watch, "AML Location", ways["aml_https"])
		for name in field_updates(ways):
			desk_form(page, watch, "Field Update", name)
	for doctype in ("Emergency Call", "Caller Watch", "AML Location", "Incident", "Dispatch"):
		for name in world["records"][doctype].values():
			desk_form(page, watch, doctype, name)

	# The triage dialog shows the admin's questions, help texts and choices of the drill type.
	page.evaluate("(t) => { ambon112.triage.ask(t); }", world["incident_type"])
	page.wait_for_selector(".modal.show .frappe-control")
	time.sleep(0.4)
	watch.check("the triage dialog")
	page.evaluate("() => cur_dialog && cur_dialog.hide()")

	for doctype in readable(operator, app_doctypes()):
		if not frappe.get_meta(doctype).issingle:
			desk_list(page, watch, doctype)
	desk_page(page, watch, "unit-board", "document.querySelector('.ambon112-unit-board .ub-tile')")
	page.screenshot(path=str(SHOTS / "operator-unit-board.png"))
	for ways in list(world["through"].values())[:3]:
		print_view(page, watch, live_web, ways["Incident"])
	assert not watch.problems, "\n".join(watch.problems)


def test_the_viewer_s_desk_runs_no_payload(world, live_web, chromium):
	"""The Viewer reads nearly everything, and reads it in read-only fields: HTML in Frappe's desk."""
	viewer = world["users"]["viewer"]
	context = chromium.new_context(viewport={"width": 1440, "height": 1000}, timezone_id="Asia/Jayapura")
	page = log_in(context, live_web, viewer, "/app", timeout_ms=60_000)
	page.wait_for_function("() => window.frappe && frappe.set_route && window.ambon112")
	watch = Watch(page, "viewer")
	doctypes = readable(viewer, app_doctypes())
	for doctype in doctypes:
		for name in world["records"].get(doctype, {}).values():
			desk_form(page, watch, doctype, name)
	for ways in world["through"].values():
		for doctype in ("Emergency Call", "Incident", "Dispatch", "AML Location"):
			if doctype in doctypes:
				desk_form(page, watch, doctype, ways[doctype])
	for doctype in doctypes:
		if not frappe.get_meta(doctype).issingle:
			desk_list(page, watch, doctype)
	desk_page(page, watch, "unit-board", "document.querySelector('.ambon112-unit-board .ub-tile')")
	page.screenshot(path=str(SHOTS / "viewer-unit-board.png"))
	for report in REPORTS:
		desk_page(
			page,
			watch,
			f"query-report/{report}",
			f"window.frappe.query_report && frappe.query_report.report_name === {json.dumps(report)}"
			" && frappe.query_report.datatable",
		)
	print_view(page, watch, live_web, next(iter(world["through"].values()))["Incident"])
	context.close()
	assert not watch.problems, "\n".join(watch.problems)


def desk_report(page, watch: Watch, report: str):
	"""A query report, with or without rows."""
	desk_page(
		page,
		watch,
		f"query-report/{report}",
		f"window.frappe.query_report && frappe.query_report.report_name === {json.dumps(report)}"
		" && (frappe.query_report.datatable || frappe.query_report.data)",
	)


# The centre's training and reporting records, read in the desk by supervisors and trainers, with
# the reports that show them.
TRAINING_AND_REPORTING = (
	"Call Review",
	"Call Review Checklist",
	"Exercise Session",
	"Monthly Service Report",
	"National Call Class Map",
	"National Incident Type Map",
	"Training Scenario",
)
TRAINING_AND_REPORTING_REPORTS = ("Training Record", "Call Review Coverage", "National 112 Export")


@pytest.mark.parametrize("role", ["supervisor", "trainer"])
def test_the_training_and_reporting_desk_runs_no_payload(world, live_web, chromium, role):
	user = world["users"][role]
	context = chromium.new_context(viewport={"width": 1440, "height": 1000}, timezone_id="Asia/Jayapura")
	page = log_in(context, live_web, user, "/app", timeout_ms=60_000)
	page.wait_for_function("() => window.frappe && frappe.set_route && window.ambon112")
	watch = Watch(page, role)
	doctypes = readable(user, TRAINING_AND_REPORTING)
	assert doctypes, f"the {role} reads none of {TRAINING_AND_REPORTING}"
	for doctype in doctypes:
		for name in world["records"][doctype].values():
			desk_form(page, watch, doctype, name)
		desk_list(page, watch, doctype)
	for report in TRAINING_AND_REPORTING_REPORTS:
		if set(frappe.get_roles(user)) & {r.role for r in frappe.get_doc("Report", report).roles}:
			desk_report(page, watch, report)
	context.close()
	assert not watch.problems, "\n".join(watch.problems)


class Links(HTMLParser):
	"""The attributes of every link of a page, as a browser's parser reads them."""

	def __init__(self, html: str):
		super().__init__(convert_charrefs=True)
		self.links = []
		self.feed(html)

	def handle_starttag(self, tag, attrs):
		if tag == "a":
			self.links.append(dict(attrs))


def test_the_not_permitted_page_s_login_link_keeps_the_address_inside_its_attribute(world, live_web):
	"""Frappe's "Not Permitted" page links to the log-in with the address asked for, printed raw into a
	single-quoted href (security/message_page.py): the portal's answer for a dispatch name it does not
	know, and Frappe's own web form for a guest."""
	payload = PAYLOADS["attribute-single"]
	guest = requests.Session()
	guest.headers.update(site_headers())
	for who, session, path in (
		("agency staff", login(live_web, world["users"]["crew_mate"]), f"/agency/{payload}"),
		("a guest", guest, f"/update-profile/{payload}"),
	):
		response = session.get(
			f"{live_web}{quote(path, safe='/')}", headers={"Accept": "text/html"}, timeout=30
		)
		assert response.status_code == 403, (who, response.status_code, response.text[:300])
		# The page's button (the navigation bar's own "/login" link has no address in it).
		logins = [a for a in Links(response.text).links if (a.get("href") or "").startswith("/login?")]
		assert logins, (who, response.text[:2000])
		for link in logins:
			assert set(link) == {"href", "class"}, (who, link)
			assert unquote(link["href"]) == f"/login?redirect-to={path}", (who, link)
			assert not set(link["href"]) & set("'\"<> "), (who, link)


def test_the_agency_portal_runs_no_payload(world, live_web, chromium):
	"""Notes one crew member saved, the centre's instructions and the incident, as another member sees them."""
	context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
	page = log_in(context, live_web, world["users"]["crew_mate"], "/agency")
	watch = Watch(page, "agency staff")
	page.wait_for_selector(".agency-portal")
	time.sleep(0.4)
	watch.check("/agency")
	for ways in world["through"].values():
		page.goto(f"{live_web}/agency/{ways['Dispatch']}")
		page.wait_for_selector(".agency-dispatch")
		time.sleep(0.4)
		watch.check(f"/agency/{ways['Dispatch']}")
	page.screenshot(path=str(SHOTS / "agency-dispatch.png"), full_page=True)
	# A link someone sends the crew: the dispatch name in the address is text from outside too.
	for kind, payload in PAYLOADS.items():
		page.goto(f"{live_web}/agency/{quote(payload, safe='')}")
		time.sleep(0.25)
		watch.check(f"/agency/<{kind} payload>")
	page.goto(f"{live_web}/agency?closed=1")
	page.wait_for_selector(".agency-portal")
	watch.check("/agency?closed=1")
	# A new dispatch arrives live and the list redraws itself from the API: those rows are checked too.
	page.goto(f"{live_web}/agency")
	page.wait_for_function("() => window.frappe?.realtime?.socket?.connected")
	time.sleep(1)  # the page joins its agency's room right after connecting
	operator = login(live_web, world["users"]["operator"])
	incident = next(iter(world["through"].values()))["Incident"]
	new = Planter(live_web).method(
		operator, "ambon_112.api.dispatch.dispatch_units",
		incident=incident, agencies=json.dumps([world["agency"]]), instructions=PAYLOADS["unclosed"],
	)["dispatches"][0]["name"]  # fmt: skip
	page.wait_for_selector(f'.ap-item[data-name="{new}"]', timeout=45_000)
	time.sleep(0.4)
	watch.check("/agency after a live update")
	context.close()
	assert not watch.problems, "\n".join(watch.problems)
