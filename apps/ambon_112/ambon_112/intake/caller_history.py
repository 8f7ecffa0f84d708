"""A caller's history by number, the flags it raises, and the pop-up the operator sees.

Everything is keyed on the normalised number (Emergency Call.caller_number_normalized, indexed)
and read in one grouped query per call. These are personal data (UU 27/2022): only roles that
may read the caller's number reach them (see api/intake.py and on_duty.py).
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Count, IfNull, Max, Min, Sum
from frappe.utils import add_to_date, get_datetime, get_url_to_form, now_datetime

from ambon_112.core import phone
from ambon_112.core.call_states import EMERGENCY
from ambon_112.core.caller_history import (
	ClassCount,
	WatchEntry,
	active_watch,
	is_repeat_nuisance,
	recent_nuisance,
	summarise,
	with_calls,
)
from ambon_112.core.incident_states import INCIDENT_OPEN
from ambon_112.intake.cache import cached, clear
from ambon_112.settings import setting

CALL = "Emergency Call"
WATCH_CACHE_KEY = "ambon112:caller_watch"


def normalized_number(number) -> phone.PhoneNumber:
	"""A number as the centre reads it, with the landline area code of the settings."""
	return phone.normalize(number, setting("default_area_code"))


def history_key_of(number) -> str | None:
	"""The key a caller's history is kept under (E.164 when valid)."""
	return normalized_number(number).history_key


def class_counts(key: str | None, exclude: str | None = None, now=None) -> list[ClassCount]:
	"""Calls of a number by class: how many, first, last, and how many in the look-back period."""
	return class_counts_of([(key, exclude)], now)[0]


def class_counts_of(numbers: list[tuple[str | None, str | None]], now=None) -> list[list[ClassCount]]:
	"""class_counts of many (number, call left out) pairs in two queries, whatever their number (the
	callback queue shows 50 callers at a time): the numbers' calls by class without any call left
	out, then each pair's counts plus the calls left out by the other pairs of its number."""
	keys = {key for key, _ in numbers if key}
	if not keys:
		return [[] for _ in numbers]
	left_out = {exclude for key, exclude in numbers if key and exclude}
	since = add_to_date(now or now_datetime(), days=-int(setting("nuisance_lookback_days")))
	call = frappe.qb.DocType(CALL)
	classification = IfNull(call.classification, "")
	counts = (
		frappe.qb.from_(call)
		.select(
			call.caller_number_normalized.as_("number"),
			classification.as_("classification"),
			Count("*").as_("calls"),
			Min(call.received_at).as_("first_call"),
			Max(call.received_at).as_("last_call"),
			Sum(call.received_at >= since).as_("recent"),
		)
		.where(call.caller_number_normalized.isin(list(keys)) & call.name.notin(list(left_out) or [""]))
		.groupby(call.caller_number_normalized, classification)
	).run(as_dict=True)
	# A single pair's call left out is its own: nothing to add back.
	calls_left_out = _calls_of(call, classification, left_out, keys, since) if len(numbers) > 1 else []
	by_number = {}
	for r in counts:
		by_number.setdefault(r.number, []).append(
			ClassCount(r.classification, int(r.calls), r.first_call, r.last_call, int(r.recent or 0))
		)
	result = []
	for key, exclude in numbers:
		others = [c for name, number, c in calls_left_out if number == key and name != exclude]
		result.append(with_calls(by_number.get(key, []), others) if key else [])
	return result


def _calls_of(call, classification, names: set, keys: set, since) -> list[tuple[str, str, ClassCount]]:
	"""Each of these calls (of these numbers) as a class count of one: (name, number, count)."""
	if not names:
		return []
	rows = (
		frappe.qb.from_(call)
		.select(
			call.name,
			call.caller_number_normalized.as_("number"),
			classification.as_("classification"),
			call.received_at,
			(call.received_at >= since).as_("recent"),
		)
		.where(call.name.isin(list(names)) & call.caller_number_normalized.isin(list(keys)))
	).run(as_dict=True)
	return [
		(r.name, r.number, ClassCount(r.classification, 1, r.received_at, r.received_at, int(r.recent or 0)))
		for r in rows
	]


def flags_for(key: str | None, exclude: str | None = None, counts=None) -> dict:
	"""The flag fields of a call from this number: set when it arrives, shown, never acted on."""
	watch = watch_entry(key)
	nuisance = recent_nuisance(class_counts(key, exclude) if counts is None else counts)
	repeat = is_repeat_nuisance(nuisance, int(setting("nuisance_call_threshold")))
	return {
		"caller_flagged": int(bool(watch) or repeat),
		"caller_watch": watch.name if watch else None,
		"recent_nuisance_calls": nuisance,
	}


def history(key: str | None, exclude: str | None = None, counts=None) -> dict:
	"""Counts by class, first and last call, last incident and open incidents of a number."""
	if not key:
		return {"number": None, "total": 0, "by_class": {}, "open_incidents": [], "last_incident": None}
	summary = summarise(class_counts(key, exclude) if counts is None else counts)
	# Only emergencies have incidents: most callers need no second query.
	incidents = _incidents_of(key, exclude) if summary.by_class[EMERGENCY] else []
	return {
		"number": key,
		"total": summary.total,
		"by_class": summary.by_class,
		"first_call": summary.first_call,
		"last_call": summary.last_call,
		"last_incident": incidents[0] if incidents else None,
		"open_incidents": [i for i in incidents if i["status"] in INCIDENT_OPEN],
	}


def _incidents_of(key: str, exclude: str | None) -> list[dict]:
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
		.where(call.caller_number_normalized == key)
		.groupby(incident.name)
		.orderby(Max(call.received_at), order=frappe.qb.desc)
		.limit(10)
	)
	if exclude:
		query = query.where(call.name != exclude)
	return query.run(as_dict=True)


# ---------------------------------------------------------------- the watch list, cached


def watch_entry(key: str | None, now=None) -> WatchEntry | None:
	if not key:
		return None
	entries = _watch_list().get(key, [])
	return active_watch([WatchEntry(**e) for e in entries], now or now_datetime())


def _watch_list() -> dict[str, list[dict]]:
	"""Every unexpired entry by number: a short list, read on every incoming call."""

	def load():
		rows = frappe.get_all(
			"Caller Watch",
			filters={"expires_at": (">", now_datetime())},
			fields=["name", "caller_number_normalized", "list_type", "reason", "expires_at"],
		)
		by_number = {}
		for row in rows:
			key = row.pop("caller_number_normalized")
			by_number.setdefault(key, []).append({**row, "expires_at": get_datetime(row.expires_at)})
		return by_number

	return cached(WATCH_CACHE_KEY, load)


def clear_watch_cache(*args, **kwargs):
	clear(WATCH_CACHE_KEY)


# ---------------------------------------------------------------- the pop-up


def popup(call, event: str, counts: list[ClassCount] | None = None) -> dict:
	"""What the operator's desk shows when a call rings or is answered; ``counts``: the caller's
	calls by class when they were just read (class_counts), else they are read here.

	Plain data, never HTML: the number is whatever the network presented (a caller can choose it),
	and the desk escapes every value, the title included (public/js/incoming_call.js)."""
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
		"is_exercise": call.is_exercise,  # a drill call: the pop-up says LATIHAN
		"received_at": call.received_at,
		"caller_number": call.caller_number,
		"caller_number_normalized": call.caller_number_normalized,
		"caller_number_invalid": call.caller_number_invalid,
		"caller_flagged": call.caller_flagged,
		"recent_nuisance_calls": call.recent_nuisance_calls,
		"watch": watch,
		"aml_warning": call.aml_warning,  # an AML fix that arrived first, and what was odd about it
		"history": history(call.caller_number_normalized, exclude=call.name, counts=counts),
		"url": get_url_to_form(CALL, call.name),
		"title": _("Incoming call from {0}").format(call.caller_number or _("a withheld number")),
	}
