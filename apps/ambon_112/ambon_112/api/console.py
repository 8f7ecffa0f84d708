"""The call console's endpoints (/app/call-console): thin, each a check of who asks and a call
into console/composition.py or console/callbacks.py. The console also calls the call form's own
endpoints unchanged (api/intake.py: triage questions and preview, open incidents nearby)."""

import frappe
from frappe import _
from frappe.utils import cint

from ambon_112.api.dispatch import _names
from ambon_112.console import callbacks, composition
from ambon_112.core.incident_type_words import TypeChoice, search
from ambon_112.intake import ringing
from ambon_112.roles import OPERATOR, SUPERVISOR

CALL = "Emergency Call"
CONSOLE_ROLES = (OPERATOR, SUPERVISOR)


def require_console():
	"""The console is the call-takers': 112 Operator and 112 Supervisor (as its Page's roles), who
	also read the caller's number (UU 27/2022). Agency users reach ambon_112.* but not this."""
	if frappe.session.user == "Guest" or not set(CONSOLE_ROLES) & set(frappe.get_roles()):
		raise frappe.PermissionError(_("The call console is for 112 operators and supervisors."))
	if 1 not in frappe.get_meta(CALL).get_permlevel_access("read"):
		raise frappe.PermissionError(_("You may not see callers' personal data."))


@frappe.whitelist(methods=["GET"])
def state(calls=1) -> dict:
	"""The left column: calls ringing and on hold for this operator, the callback queue (oldest
	first) and whether realtime works (otherwise the console asks every few seconds)."""
	require_console()
	return {
		"calls": composition.calls_for(frappe.session.user) if cint(calls) else [],
		"callbacks": composition.callback_queue(callbacks.open_tasks()),
		"realtime": ringing.realtime_reachable(),
	}


@frappe.whitelist(methods=["GET"])
def call_details(call: str) -> dict:
	require_console()
	return composition.call_details(call)


@frappe.whitelist(methods=["GET"])
def incident_types(txt: str = "") -> list[dict]:
	"""Active incident types matching ``txt`` by name, label (Bahasa Indonesia) or callers' words."""
	require_console()
	rows = frappe.get_all(
		"Incident Type",
		filters={"is_active": 1, "is_group": 0},
		fields=["name", "default_priority"],
		order_by="lft asc",
	)
	priorities = {r.name: r.default_priority for r in rows}
	found = search(txt, [TypeChoice(r.name, _(r.name)) for r in rows])
	return [{"name": c.name, "label": c.label, "default_priority": priorities[c.name]} for c in found]


@frappe.whitelist(methods=["POST"])
def classify(call: str, classification: str, notes: str | None = None) -> dict:
	"""One key on the console: information, prank, ghost/silent, dropped, wrong number or test."""
	require_console()
	doc = composition.classify(call, classification, notes)
	return {"call": doc.name, "classification": doc.classification, "triage_status": doc.triage_status}


@frappe.whitelist(methods=["GET"])
def recommend(
	call: str, incident_type: str, answers=None, latitude=None, longitude=None, kelurahan=None
) -> dict:
	"""Units for the incident being typed, ranked as the dispatch dialog ranks them."""
	require_console()
	frappe.has_permission("Dispatch", "create", throw=True)
	return composition.recommend(
		call, incident_type, _answers(answers), latitude, longitude, kelurahan or None
	)


@frappe.whitelist(methods=["POST"])
def save_emergency(
	call: str,
	incident_type: str | None = None,
	link_to: str | None = None,
	answers=None,
	location=None,
	notes: str | None = None,
	title: str | None = None,
	units=None,
	agencies=None,
	instructions: str | None = None,
) -> dict:
	"""The incident created (or the call linked to ``link_to``) and the units sent, in one save."""
	require_console()
	if not link_to and not incident_type:
		frappe.throw(_("Choose the incident type, or link the call to an open incident."))
	location = frappe.parse_json(location) if location else {}
	if not isinstance(location, dict):
		frappe.throw(_("Expected a location."))
	return composition.save_emergency(
		call,
		incident_type=incident_type,
		link_to=link_to,
		answers=_answers(answers),
		location=location,
		notes=notes,
		title=title,
		units=_names(units),
		agencies=_names(agencies),
		instructions=instructions,
	)


@frappe.whitelist(methods=["POST"])
def record_callback(task: str, outcome: str, notes: str | None = None) -> dict:
	"""The outcome of calling a lost caller back: reached (emergency or not), no answer, number unusable."""
	require_console()
	return callbacks.record(task, outcome, notes)


def _answers(value) -> dict:
	answers = frappe.parse_json(value) if isinstance(value, str) and value else (value or {})
	if not isinstance(answers, dict):
		frappe.throw(_("Expected the triage answers as {question: answer}."))
	return answers
