"""Training settings, read in one place with their defaults defined once."""

import secrets

import frappe
from frappe.utils import flt

SETTINGS = "Training Settings"
WEIGHT_FIELDS = {
	"answer": "weight_answer",
	"classify_time": "weight_classify_time",
	"class": "weight_class",
	"incident_type": "weight_incident_type",
	"priority": "weight_priority",
	"triage": "weight_triage",
	"location": "weight_location",
	"agencies": "weight_agencies",
	"dispatch_time": "weight_dispatch_time",
	"duplicate": "weight_duplicate",
}
DEFAULTS = {
	"weight_answer": 1,
	"weight_classify_time": 1,
	"weight_class": 3,
	"weight_incident_type": 2,
	"weight_priority": 2,
	"weight_triage": 1,
	"weight_location": 2,
	"weight_agencies": 2,
	"weight_dispatch_time": 1,
	"weight_duplicate": 2,
	"pass_mark": 70,
	"annual_target_hours": 24,
	"certificate_reminder_days": 30,  # the yearly continuing-education hours several US state 911 boards require
	"review_share_percent": 2,  # APCO/NENA ANS 1.107.1: review at least 2 % of calls
}


# Settings for which 0 cannot mean anything (a reminder on the day of expiry is no reminder): read as
# the default, as Frappe stores an untouched Int of a Single as 0.
ZERO_IS_DEFAULT = frozenset({"certificate_reminder_days"})


def setting(field: str) -> float:
	"""A numeric setting; an empty one falls back to its default (0 is a valid weight)."""
	value = _raw(field)
	if value in (None, "") or (field in ZERO_IS_DEFAULT and not flt(value)):
		return DEFAULTS[field]
	return flt(value)


def weights() -> dict[str, float]:
	return {key: setting(field) for key, field in WEIGHT_FIELDS.items()}


def review_seed_secret() -> str:
	"""The stored secret part of every daily sample's seed; created once."""
	value = frappe.db.get_single_value(SETTINGS, "review_seed_secret")
	if not value:
		value = secrets.token_hex(8)
		frappe.db.set_single_value(SETTINGS, "review_seed_secret", value)
	return value


def seed_settings():
	"""Fill the settings' empty fields with their defaults once; an admin's values are kept."""
	for field, value in DEFAULTS.items():
		if _raw(field) in (None, ""):
			frappe.db.set_single_value(SETTINGS, field, value)


def _raw(field: str):
	# get_single_value casts a missing Float to 0.0, which could not be told from a weight of 0.
	singles = frappe.qb.DocType("Singles")
	rows = (
		frappe.qb.from_(singles)
		.select(singles.value)
		.where((singles.doctype == SETTINGS) & (singles.field == field))
	).run(pluck=True)
	return rows[0] if rows else None
