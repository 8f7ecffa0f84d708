"""Factories for tests: each builds one record with sensible defaults and unique names."""

from contextlib import contextmanager

import frappe
import pytz
from frappe.utils import get_datetime, get_system_timezone, now_datetime

from ambon_112.escalation.defaults import level as escalation_level
from ambon_112.roles import AGENCY_STAFF, OPERATOR, SUPERVISOR, VIEWER

# Real points of Kota Ambon (interior points of the village polygons, see fixtures/ambon_areas.geojson).
BATU_MERAH = (-3.682196, 128.212288)  # negeri Batu Merah, kecamatan Sirimau
POKA = (-3.646759, 128.191067)  # desa Poka, kecamatan Teluk Ambon
HONIPOPU = (-3.695031, 128.178801)  # kelurahan Honipopu, kecamatan Sirimau
PASSO = (-3.614237, 128.25371)  # negeri Passo, kecamatan Baguala
NATSEPA = (-3.6226, 128.3095)  # Natsepa beach, Kabupaten Maluku Tengah: outside the city

TEST_PASSWORD = "Ambon-112-test!"
# The command centre's KPI reports (command_centre/report/; the Escalations report besides them).
KPI_REPORTS = (
	"Call Answer Time",
	"Call Processing Time",
	"Response Time by Agency",
	"Call Classes",
	"Incidents by Area",
)
# A 1×1 transparent PNG, for uploads.
PNG = bytes.fromhex(
	"89504e470d0a1a0a0000000d4948445200000001000000010806000000"
	"1f15c4890000000d49444154789c6360000002000005000157a0ad2a0000000049454e44ae426082"
)


def unique(prefix: str) -> str:
	return f"{prefix}-{frappe.generate_hash(length=10).upper()}"


def make_user(roles: list[str], agency: str | None = None, email: str | None = None) -> str:
	email = email or f"{unique('user').lower()}@test.ambon112.test"
	desk = AGENCY_STAFF not in roles
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": email.split("@")[0],
			"send_welcome_email": 0,
			"user_type": "System User" if desk else "Website User",
			"new_password": TEST_PASSWORD,
			"roles": [{"role": r} for r in roles],
		}
	).insert(ignore_permissions=True)
	if agency:
		doc = frappe.get_doc("Agency", agency)
		doc.append("members", {"user": user.name})
		doc.save(ignore_permissions=True)
	return user.name


def make_agency(agency_type: str = "Fire", **kwargs) -> str:
	name = kwargs.pop("agency_name", None) or unique("Agency")
	doc = frappe.get_doc(
		{
			"doctype": "Agency",
			"agency_name": name,
			"abbreviation": name[-6:],
			"agency_type": agency_type,
			**kwargs,
		}
	)
	return doc.insert(ignore_permissions=True).name


def make_unit(agency: str, unit_type: str = "Fire Engine", position=HONIPOPU, **kwargs) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Emergency Unit",
			"call_sign": kwargs.pop("call_sign", None) or unique("UNIT"),
			"agency": agency,
			"unit_type": unit_type,
			"latitude": position[0] if position else 0,
			"longitude": position[1] if position else 0,
			**kwargs,
		}
	)
	return doc.insert(ignore_permissions=True).name


def make_incident(incident_type: str = "Fire", position=BATU_MERAH, **kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "Incident",
			"title": kwargs.pop("title", None) or unique("Kebakaran"),
			"incident_type": incident_type,
			"latitude": position[0] if position else 0,
			"longitude": position[1] if position else 0,
			**kwargs,
		}
	)
	return doc.insert(ignore_permissions=True)


def make_call(**kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "Emergency Call",
			"received_at": now_datetime(),
			"caller_number": "081243551234",
			**kwargs,
		}
	)
	return doc.insert(ignore_permissions=True)


def make_role_users(agency: str) -> dict:
	"""One user of each role the write-path tests try: the agency's crew, an operator, a supervisor,
	a viewer."""
	return {
		"crew": make_user([AGENCY_STAFF], agency=agency),
		"operator": make_user([OPERATOR]),
		"supervisor": make_user([SUPERVISOR]),
		"viewer": make_user([VIEWER]),
	}


def make_fire_and_police_people() -> dict:
	"""A fire and a police agency, a portal user of each (crew, desk) and an operator."""
	fire, police = make_agency("Fire"), make_agency("Police")
	return {
		"fire": fire,
		"police": police,
		"crew": make_user([AGENCY_STAFF], agency=fire),
		"desk": make_user([AGENCY_STAFF], agency=police),
		"operator": make_user([OPERATOR]),
	}


def make_dispatch(incident: str, unit: str | None = None, agency: str | None = None, **kwargs):
	doc = frappe.get_doc(
		{"doctype": "Dispatch", "incident": incident, "unit": unit, "agency": agency, **kwargs}
	)
	return doc.insert(ignore_permissions=True)


def make_escalation_policy(applies_to: str, levels: list[dict], **kwargs):
	doc = frappe.get_doc(
		{
			"doctype": "Escalation Policy",
			"policy_name": kwargs.pop("policy_name", None) or unique("Policy"),
			"applies_to": applies_to,
			"levels": levels,
			**kwargs,
		}
	)
	return doc.insert(ignore_permissions=True)


# ---------------------------------------------------------------- intake


def make_api_user(roles=("112 Integration",)) -> tuple[str, str, str]:
	"""A user with an API key and secret, as the PBX or the AML provider would use: (user, key, secret)."""
	user = frappe.get_doc("User", make_user(list(roles)))
	key, secret = frappe.generate_hash(length=15), frappe.generate_hash(length=15)
	user.api_key, user.api_secret = key, secret
	user.save(ignore_permissions=True)
	return user.name, key, secret


def make_position(operator: str | None = None, on_duty: int = 0, extension: str | None = None) -> str:
	doc = frappe.get_doc(
		{
			"doctype": "Operator Position",
			"position_name": unique("Meja"),
			"extension": extension or frappe.generate_hash(length=8),
			"operator": operator,
			"on_duty": on_duty,
		}
	)
	return doc.insert(ignore_permissions=True).name


def make_watch(caller_number: str, list_type: str = "Watch", days: float = 7, **kwargs):
	from frappe.utils import add_to_date

	doc = frappe.get_doc(
		{
			"doctype": "Caller Watch",
			"caller_number": caller_number,
			"list_type": list_type,
			"expires_at": add_to_date(now_datetime(), days=days),
			"reason": kwargs.pop("reason", "Sering menelepon iseng"),
			**kwargs,
		}
	)
	return doc.insert(ignore_permissions=True)


def deactivate_escalation_policies(commit: bool = False) -> list[str]:
	"""Switch every active policy off (the seeded ones too), so a test sees only its own policies."""
	active = frappe.get_all("Escalation Policy", filters={"is_active": 1}, pluck="name")
	if active:
		frappe.db.set_value("Escalation Policy", {"name": ("in", active)}, "is_active", 0)
	if commit:
		frappe.db.commit()
	return active


@contextmanager
def counting_queries():
	"""The SQL statements Frappe sends meanwhile (the way FrappeTestCase.assertQueryCount counts them):
	patched on the class, so that nothing is left on the connection afterwards."""
	queries = []
	original = frappe.db.__class__.sql

	def sql(self, *args, **kwargs):
		queries.append(args[0])
		return original(self, *args, **kwargs)

	frappe.db.__class__.sql = sql
	try:
		yield queries
	finally:
		frappe.db.__class__.sql = original


@contextmanager
def frozen_at(moment):
	"""Freeze the clock at ``moment``, a naive datetime in the site's time zone (WIT).

	freezegun reads naive times as UTC; Frappe stamps documents in the site's zone.
	"""
	from freezegun import freeze_time

	zone = pytz.timezone(get_system_timezone())
	with freeze_time(zone.localize(get_datetime(moment)).astimezone(pytz.utc)):
		yield


def make_triage_question(
	incident_type: str | None, answer_type: str, rules: list[dict], choices=None, **kwargs
):
	doc = frappe.get_doc(
		{
			"doctype": "Triage Question",
			"question": kwargs.pop("question", None) or unique("Pertanyaan"),
			"incident_type": incident_type,
			"answer_type": answer_type,
			"choices": "\n".join(choices) if choices else None,
			"rules": rules,
			**kwargs,
		}
	)
	return doc.insert(ignore_permissions=True)


def random_number() -> str:
	"""A valid Telkomsel-style mobile number nobody else in the tests uses."""
	import random

	return "0812" + "".join(random.choices("0123456789", k=8))


def walk_incident(incident, meaning: str):
	"""Move ``incident`` through the Incident workflow, transition by transition, until it means
	``meaning`` (the shortest way); returns the saved incident. As Administrator every role's
	transitions are open, so this follows the admins' workflow without naming its states."""
	from collections import deque

	from frappe.model.workflow import get_workflow_name

	from ambon_112.workflows import meaning_of, move_to

	workflow = frappe.get_doc("Workflow", get_workflow_name("Incident"))
	graph: dict[str, set[str]] = {}
	for t in workflow.transitions:
		graph.setdefault(meaning_of("Incident", t.state), set()).add(meaning_of("Incident", t.next_state))
	paths, queue = {incident.status: []}, deque([incident.status])
	while queue:
		here = queue.popleft()
		for there in sorted(graph.get(here, ())):
			if there not in paths:
				paths[there] = [*paths[here], there]
				queue.append(there)
	for step in paths[meaning]:
		incident = move_to(incident, step)
	return incident


@contextmanager
def outgoing_mail_account(port: int = 25, server: str = "127.0.0.1", commit: bool = True, **fields):
	"""The site's default outgoing e-mail account for the block; switched off after it, and the mail
	it left unsent marked as failed. With ``commit`` it is committed (for workers and web servers to
	see); without, the test's own rollback takes it away.

	Frappe remembers the default outgoing account in ``frappe.local`` for as long as the process
	lives (a request or a job). A test process lives for the whole run, so without forgetting it an
	e-mail queued here would name an account an earlier test switched off.
	"""
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": unique("Test SMTP"),
			"email_id": f"{unique('centre')}@ambon112.test".lower(),
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": server,
			"smtp_port": port,
			"no_smtp_authentication": 1,
			"use_tls": 0,
			"use_ssl_for_outgoing": 0,
			**fields,
		}
	).insert(ignore_permissions=True)
	frappe.local.outgoing_email_account = {}
	if not commit:
		try:
			yield account
		finally:
			frappe.local.outgoing_email_account = {}
		return
	frappe.db.commit()
	try:
		yield account
	finally:
		frappe.db.rollback()
		account.reload()
		account.enable_outgoing = account.default_outgoing = 0
		account.save(ignore_permissions=True)
		# Mail still queued for this account would head every later flush of the run, fail on the
		# switched-off account and make Frappe abort that flush (too many failures) before a later
		# test's mail is reached.
		frappe.db.set_value(
			"Email Queue",
			{"email_account": account.name, "status": ("in", ("Not Sent", "Partially Sent"))},
			"status",
			"Error",
			update_modified=False,
		)
		frappe.local.outgoing_email_account = {}
		frappe.db.commit()


def make_drill_session(call: str, notify_agencies: int = 0, **kwargs):
	"""The Exercise Session a drill call was rung for, as a drill leaves it (the call is one of its
	results): whether its agencies hear of and see the drill's dispatches follows ``notify_agencies``."""
	scenario = frappe.get_all("Training Scenario", pluck="name", order_by="name", limit=1)[0]
	incident = frappe.db.get_value("Emergency Call", call, "incident")
	doc = frappe.get_doc(
		{
			"doctype": "Exercise Session",
			"title": unique("Latihan"),
			"trainer": "Administrator",
			"notify_agencies": notify_agencies,
			"trainees": [{"trainee": "Administrator"}],
			"scenarios": [{"scenario": scenario}],
			"results": [
				{
					"trainee": "Administrator",
					"scenario": scenario,
					"call_no": 1,
					"call": call,
					"incident": incident,
				}
			],
			**kwargs,
		}
	)
	return doc.insert(ignore_permissions=True)
