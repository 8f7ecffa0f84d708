"""Ambon 112 Settings, read one way: the admin's value, else the default the core defines.

Every capability (location, unit recommendation, intake) reads its settings through
``setting``; ``seed_defaults`` stores the same defaults at install and migrate, so the form shows
them and admins edit them. The document is read from Frappe's document cache, which a save clears.
"""

import frappe
from frappe.utils import flt
from frappe.utils.password import get_decrypted_password

from ambon_112.core import (
	aml,
	callbacks,
	caller_history,
	continuity,
	duplicates,
	field_updates,
	geo,
	phone,
	ranking,
	shifts,
)

SETTINGS = "Ambon 112 Settings"

_RANKING = ranking.RankingSettings()
DEFAULTS = {
	# The unit recommendation (dispatch/recommend.py).
	"road_factor": _RANKING.road_factor,
	"average_speed_kmh": _RANKING.speed_kmh,
	"stale_position_minutes": _RANKING.stale_after_minutes,
	"stale_position_penalty_minutes": _RANKING.stale_penalty_minutes,
	"recommendations_per_agency_type": ranking.DEFAULT_PER_AGENCY_TYPE,
	# Location (location.py) and caller numbers.
	"outside_ambon_margin_m": geo.DEFAULT_OUTSIDE_MARGIN_M,
	"default_area_code": phone.AMBON_AREA_CODE,
	# Call intake.
	"aml_match_window_minutes": aml.DEFAULT_MATCH_WINDOW_MINUTES,
	"aml_strict_parsing": 0,  # lenient: a usable position is kept and flagged
	"nuisance_call_threshold": caller_history.DEFAULT_NUISANCE_THRESHOLD,
	"nuisance_lookback_days": caller_history.DEFAULT_NUISANCE_DAYS,
	"watch_max_days": caller_history.DEFAULT_WATCH_MAX_DAYS,
	"duplicate_radius_m": duplicates.DEFAULT_RADIUS_M,
	"duplicate_window_minutes": duplicates.DEFAULT_WINDOW_MINUTES,
	# The agency portal in the field (portal/field_updates.py).
	"portal_clock_skew_seconds": field_updates.DEFAULT_CLOCK_SKEW_SECONDS,
	"portal_photo_max_kb": field_updates.DEFAULT_PHOTO_MAX_KB,
	"sms_gateway_number": "",  # none: the portal offers no SMS button
	# Continuity (continuity/backups.py).
	"backup_interval_hours": continuity.DEFAULT_BACKUP_INTERVAL_HOURS,
	# Round-the-clock operations (operations/): a 0 minimum is an admin's choice (no minimum).
	"min_operators_per_shift": shifts.DEFAULT_MIN_OPERATORS,
	"min_supervisors_per_shift": shifts.DEFAULT_MIN_SUPERVISORS,
	"sign_off_grace_minutes": shifts.DEFAULT_SIGN_OFF_GRACE_MINUTES,
	# The call console's callback queue (console/callbacks.py).
	"callback_max_attempts": callbacks.DEFAULT_MAX_ATTEMPTS,
}
# A factor, a speed, a count or a margin of 0 cannot be meant: an empty field (which a save
# stores as 0) reads as the default. Elsewhere 0 is an admin's choice: a prank-flag threshold
# of 0 switches the flag off, a stale-position penalty of 0 means none.
ZERO_MEANS_DEFAULT = frozenset(
	{
		"road_factor",
		"average_speed_kmh",
		"stale_position_minutes",
		"recommendations_per_agency_type",
		"outside_ambon_margin_m",
		"portal_photo_max_kb",
		"backup_interval_hours",
		"callback_max_attempts",
		"portal_clock_skew_seconds",  # every phone's clock drifts: no tolerance at all is never meant
	}
)


def setting(fieldname: str):
	"""The admin's value of ``fieldname``, or its default while it is unset."""
	return value_or_default(fieldname, frappe.get_cached_doc(SETTINGS).get(fieldname))


def value_or_default(fieldname: str, value):
	return DEFAULTS[fieldname] if is_unset(fieldname, value) else value


def is_unset(fieldname: str, value) -> bool:
	"""Never saved, empty, or 0 where 0 cannot be meant (``value`` typed or as stored)."""
	return value is None or value == "" or (fieldname in ZERO_MEANS_DEFAULT and not flt(value))


def seed_defaults():
	"""Store the default of every unset setting; an admin's value stays (install and migrate)."""
	stored = frappe.db.get_singles_dict(SETTINGS)
	missing = {field: value for field, value in DEFAULTS.items() if is_unset(field, stored.get(field))}
	if missing:
		frappe.db.set_single_value(SETTINGS, missing)
		frappe.clear_document_cache(SETTINGS, SETTINGS)


def telephony_secret() -> str | None:
	"""The shared secret PBX events are signed with; None when signatures are not required."""
	return _secret("telephony_secret")


def aml_secret() -> str | None:
	"""The secret AML reports are signed with: their own, else the PBX's (so that setting only the
	telephony secret, as before this setting existed, still protects every integration endpoint)."""
	return _secret("aml_secret") or telephony_secret()


def _secret(fieldname: str) -> str | None:
	if not frappe.get_cached_doc(SETTINGS).get(fieldname):
		return None  # the document keeps only a mask of a set password: nothing set, nothing to decrypt
	return get_decrypted_password(SETTINGS, SETTINGS, fieldname, raise_exception=False) or None
