"""What the call console does in one request, composed from the intake and dispatch functions.

No rule lives here: classifying, creating or linking an incident, scoring the triage and sending
units are intake/call_actions.py, intake/triage_questions.py and dispatch/sending.py, exactly as
the call form and the dispatch dialog use them. This module only strings them together in one
transaction, so that "incident created and units sent" is one save: when sending is refused (a
unit another dispatcher just took), the incident is not created either and the operator chooses
again.
"""

import frappe
from frappe.utils import add_to_date, flt, now_datetime

from ambon_112.core.map_pin import pin
from ambon_112.dispatch import sending
from ambon_112.dispatch.recommend import recommend_units
from ambon_112.intake import call_actions, ringing
from ambon_112.intake import triage_questions as questions
from ambon_112.intake.caller_history import class_counts_of, history, popup
from ambon_112.location import apply_location, has_coordinates

CALL = "Emergency Call"
# Location and notes the operator types on the console; the call's controller validates them.
TYPED_FIELDS = ("kelurahan", "landmark", "location_text")
# An answered call the operator has not classified yet stays on their console this long.
ON_HOLD_MINUTES = 120
MAX_ON_HOLD = 20


# ---------------------------------------------------------------- the left column


def calls_for(user: str) -> list[dict]:
	"""The calls ringing for ``user`` (as the pop-up has them) and their answered calls not yet
	classified (on hold), each with the caller's history and flags."""
	popups = ringing.popups_for(user)
	# The pop-up shows a call just answered even once classified; the console is done with it then.
	done = set(
		frappe.get_all(
			CALL,
			filters={"name": ("in", [c["call"] for c in popups] or [""]), "classification": ("is", "set")},
			pluck="name",
		)
	)
	shown = {c["call"]: c for c in popups if c["call"] not in done}
	held = frappe.get_all(
		CALL,
		filters={
			"operator": user,
			"call_state": ("in", ("Answered", "Ended")),
			"classification": ("is", "not set"),
			"answered_at": (">=", add_to_date(now_datetime(), minutes=-ON_HOLD_MINUTES)),
		},
		pluck="name",
		order_by="answered_at asc",
		limit=MAX_ON_HOLD,
	)
	for name in held:
		if name not in shown:
			shown[name] = popup(frappe.get_doc(CALL, name), "answered")
	return list(shown.values())


def call_details(call: str) -> dict:
	"""The active call: the pop-up's data plus where the caller is (AML or typed) and the notes."""
	doc = frappe.get_doc(CALL, call)
	doc.check_permission("read")
	location = {
		f: doc.get(f)
		for f in (
			"latitude",
			"longitude",
			"location_accuracy_m",
			"location_source",
			"location_time",
			"outside_ambon",
			"kelurahan",
			"landmark",
			"location_text",
			"aml_location",
		)
	}
	if doc.kelurahan:
		location["kelurahan_name"] = frappe.db.get_value("Ambon Area", doc.kelurahan, "area_name")
	return {
		**popup(doc, "answered" if doc.answered_at else "ringing"),
		"classification": doc.classification,
		"incident": doc.incident,
		"triage_status": doc.triage_status,
		"notes": doc.notes,
		"location": location,
	}


def callback_queue(tasks: list[dict]) -> list[dict]:
	"""The open callback tasks with each caller's history (personal data: operators only)."""
	counts = class_counts_of([(t.caller_number_normalized, t.call) for t in tasks])
	return [
		{**t, "history": history(t.caller_number_normalized, exclude=t.call, counts=c)}
		for t, c in zip(tasks, counts, strict=True)
	]


# ---------------------------------------------------------------- the middle and right columns


def draft_incident(call: str, incident_type: str, latitude=None, longitude=None, kelurahan=None):
	"""The incident the console would create, unsaved: what the recommendation ranks units for.
	Its location comes from the call unless the operator moved it; the Incident's own steps fill
	the village and kecamatan."""
	doc = frappe.get_doc(CALL, call)
	doc.check_permission("read")
	draft = frappe.get_doc(
		{
			"doctype": "Incident",
			"incident_type": incident_type,
			"latitude": flt(latitude) if latitude not in (None, "") else doc.latitude,
			"longitude": flt(longitude) if longitude not in (None, "") else doc.longitude,
			"kelurahan": kelurahan or doc.kelurahan,
		}
	)
	apply_location(draft)
	draft.set_kecamatan()
	return draft


def recommend(call: str, incident_type: str, answers: dict, latitude=None, longitude=None, kelurahan=None):
	"""Today's ranking for the incident being typed, widened by what the triage answers add."""
	draft = draft_incident(call, incident_type, latitude, longitude, kelurahan)
	agency_types = questions.preview(incident_type, answers)["agency_types"] if answers else []
	return recommend_units(draft, agency_types)


def classify(call: str, classification: str, notes: str | None = None):
	"""A class other than emergency, with the operator's notes, in one save."""
	_save_typed(call, {"notes": notes} if notes is not None else {})
	return call_actions.classify(call, classification)


def save_emergency(
	call: str,
	incident_type: str | None = None,
	link_to: str | None = None,
	answers: dict | None = None,
	location: dict | None = None,
	notes: str | None = None,
	title: str | None = None,
	units: list[str] | None = None,
	agencies: list[str] | None = None,
	instructions: str | None = None,
) -> dict:
	"""The call's location and notes, its incident (created, or the one it links to) and the units
	sent, all or nothing."""
	savepoint = "ambon112_console_save"
	frappe.db.savepoint(savepoint)
	try:
		_save_typed(
			call, {**_location_changes(location or {}), **({"notes": notes} if notes is not None else {})}
		)
		if link_to:
			doc = call_actions.link_incident(call, link_to)
			incident = link_to
		else:
			doc, created = call_actions.create_incident(call, incident_type, title, notes, answers or {})
			incident = created.name
		sent = (
			sending.send(incident, units or [], agencies or [], instructions) if (units or agencies) else None
		)
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		raise
	values = frappe.db.get_value("Incident", incident, ["priority", "triage_reasons", "status"], as_dict=True)
	return {
		"call": doc.name,
		"workflow_state": doc.workflow_state,
		"incident": incident,
		"linked": bool(link_to),
		"priority": values.priority,
		"triage_reasons": values.triage_reasons,
		"incident_status": values.status,
		"dispatches": sent["dispatches"] if sent else [],
	}


def _location_changes(location: dict) -> dict:
	changes = {f: location[f] for f in TYPED_FIELDS if f in location}
	lat, lng = location.get("latitude"), location.get("longitude")
	if lat not in (None, "") and lng not in (None, "") and has_coordinates(lat, lng):
		# Through the map pin: the call's controller records it as a pin the operator placed.
		changes["location_pin"] = pin(flt(lat), flt(lng))
	return changes


def _save_typed(call: str, changes: dict):
	doc = frappe.get_doc(CALL, call)
	doc.check_permission("write")
	changes = {k: v for k, v in changes.items() if (doc.get(k) or None) != (v or None)}
	if "location_pin" in changes and _same_point(doc, changes["location_pin"]):
		del changes["location_pin"]
	if changes:
		doc.update(changes)
		doc.save()


def _same_point(doc, new_pin: str) -> bool:
	return (
		has_coordinates(doc.latitude, doc.longitude) and pin(flt(doc.latitude), flt(doc.longitude)) == new_pin
	)
