"""A caller's history by number, the flags it raises, and the pop-up the operator sees.

Everything is keyed on the normalised number (Emergency Call.caller_number_normalized, indexed).
These are personal data (UU 27/2022): only centre roles that may read the caller's number
reach these functions (see api/intake.py).
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Max
from frappe.utils import add_to_date, get_url_to_form, now_datetime

from ambon_112.core import phone
from ambon_112.core.caller_history import (
	NUISANCE,
	ClassCount,
	WatchEntry,
	active_watch,
	is_repeat_nuisance,
	summarise,
)
from ambon_112.core.flows import INCIDENT_OPEN
from ambon_112.intake.settings import setting

CALL = "Emergency Call"


def history_key_of(number) -> str | None:
	"""The key a caller's history is kept under (E.164 when valid), as Emergency Call computes it."""
	code = frappe.db.get_single_value("Ambon 112 Settings", "default_area_code") or phone.AMBON_AREA_CODE
	return phone.normalize(number, code).history_key


def watch_entry(number_key: str | None, now=None) -> WatchEntry | None:
	if not number_key:
		return None
	rows = frappe.get_all(
		"Caller Watch",
		filters={"caller_number_normalized": number_key, "expires_at": (">", now or now_datetime())},
		fields=["name", "list_type", "reason", "expires_at"],
	)
	return active_watch([WatchEntry(**row) for row in rows], now or now_datetime())


def recent_nuisance_calls(number_key: str | None, exclude: str | None = None, now=None) -> int:
	if not number_key:
		return 0
	since = add_to_date(now or now_datetime(), days=-int(setting("nuisance_lookback_days")))
	filters = {
		"caller_number_normalized": number_key,
		"classification": ("in", NUISANCE),
		"received_at": (">=", since),
	}
	if exclude:
		filters["name"] = ("!=", exclude)
	return frappe.db.count(CALL, filters)


def flags_for(number_key: str | None, exclude: str | None = None) -> dict:
	"""The flag fields of a call from this number: set when it arrives, shown, never acted on."""
	watch = watch_entry(number_key)
	nuisance = recent_nuisance_calls(number_key, exclude)
	repeat = is_repeat_nuisance(nuisance, int(setting("nuisance_call_threshold")))
	return {
		"caller_flagged": int(bool(watch) or repeat),
		"caller_watch": watch.name if watch else None,
		"recent_nuisance_calls": nuisance,
	}


def history(number_key: str | None, exclude: str | None = None) -> dict:
	"""Counts by class, first and last call, last incident and open incidents of a number."""
	if not number_key:
		return {"number": None, "total": 0, "by_class": {}, "open_incidents": [], "last_incident": None}
	conditions = {"caller_number_normalized": number_key}
	if exclude:
		conditions["name"] = ("!=", exclude)
	rows = frappe.get_all(
		CALL,
		filters=conditions,
		fields=[
			"classification",
			"count(name) as calls",
			"min(received_at) as first_call",
			"max(received_at) as last_call",
		],
		group_by="classification",
		order_by=None,
	)
	summary = summarise(ClassCount(r.classification or "", r.calls, r.first_call, r.last_call) for r in rows)
	incidents = _incidents_of(number_key, exclude)
	return {
		"number": number_key,
		"total": summary.total,
		"by_class": summary.by_class,
		"first_call": summary.first_call,
		"last_call": summary.last_call,
		"last_incident": incidents[0] if incidents else None,
		"open_incidents": [i for i in incidents if i["status"] in INCIDENT_OPEN],
	}


def _incidents_of(number_key: str, exclude: str | None) -> list[dict]:
	"""Incidents this number called about, most recent first."""
	call, incident = frappe.qb.DocType(CALL), frappe.qb.DocType("Incident")
	query = (
		frappe.qb.from_(call)
		.join(incident)
		.on(incident.name == call.incident)
		.select(
			incident.name,
			incident.title,
			incident.incident_type,
			incident.status,
			incident.priority,
			Max(call.received_at).as_("called_at"),
		)
		.where(call.caller_number_normalized == number_key)
		.groupby(incident.name)
		.orderby(Max(call.received_at), order=frappe.qb.desc)
		.limit(10)
	)
	if exclude:
		query = query.where(call.name != exclude)
	return query.run(as_dict=True)


def popup(call, event: str) -> dict:
	"""What the operator's desk shows when a call rings or is answered."""
	watch = (
		frappe.db.get_value(
			"Caller Watch", call.caller_watch, ["list_type", "reason", "expires_at"], as_dict=True
		)
		if call.caller_watch
		else None
	)
	return {
		"call": call.name,
		"event": event,
		"call_state": call.call_state,
		"received_at": call.received_at,
		"caller_number": call.caller_number,
		"caller_number_normalized": call.caller_number_normalized,
		"caller_number_invalid": call.caller_number_invalid,
		"caller_flagged": call.caller_flagged,
		"recent_nuisance_calls": call.recent_nuisance_calls,
		"watch": watch,
		"history": history(call.caller_number_normalized, exclude=call.name),
		"url": get_url_to_form(CALL, call.name),
		"title": _("Incoming call from {0}").format(call.caller_number or _("a withheld number")),
	}
