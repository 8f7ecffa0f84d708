"""Rows of the national 112 export: mapped classes and a salted hash instead of the caller's number.

Pure: the Frappe side gives plain rows and the mapping tables. No name, number or free text of a
caller is ever copied into a row; the number becomes HMAC-SHA256(salt, number), so the national
centre can count repeat callers across the export without learning who they are.
"""

from __future__ import annotations

import hashlib
import hmac

UNCLASSIFIED = "Unclassified"
OTHER = "other"
DEFAULT_CALL_MAP = {
	"Emergency": "normal",
	"Information Request": "information",
	"Prank": "prank",
	"Ghost / Silent": "ghost",
	"Dropped": "ghost",
	"Wrong Number": "information",
	"Test": "information",
}


def number_hash(number: str | None, salt: str) -> str | None:
	if not number:
		return None
	return hmac.new(salt.encode(), number.encode(), hashlib.sha256).hexdigest()


def call_row(call: dict, class_map: dict, salt: str) -> dict:
	cls = call.get("classification") or UNCLASSIFIED
	return {
		"call_id": call["name"],
		"received_at": call["received_at"],
		"answered_at": call.get("answered_at"),
		"answer_delay_seconds": call.get("answer_delay_seconds"),
		"channel": call.get("channel"),
		"call_state": call.get("call_state"),
		"call_class": cls,
		"national_class": class_map.get(cls),
		"kecamatan": call.get("kecamatan"),
		"incident_id": call.get("incident"),
		"caller_hash": number_hash(call.get("caller_number_normalized"), salt),
	}


def incident_row(incident: dict, type_map: dict, roots: dict) -> dict:
	incident_type = incident.get("incident_type")
	category = type_map.get(incident_type) or type_map.get(roots.get(incident_type)) or OTHER
	return {
		"incident_id": incident["name"],
		"reported_at": incident["reported_at"],
		"incident_type": incident_type,
		"national_category": category,
		"priority": incident.get("priority"),
		"status": incident.get("status"),
		"kecamatan": incident.get("kecamatan"),
		"first_dispatch_at": incident.get("first_dispatch_at"),
		"first_on_scene_at": incident.get("first_on_scene_at"),
		"resolved_at": incident.get("resolved_at"),
	}
