"""The intake settings of Ambon 112 Settings, with the defaults that apply until an admin sets them."""

import frappe
from frappe.utils.password import get_decrypted_password

from ambon_112.core.caller_history import DEFAULT_NUISANCE_DAYS, DEFAULT_NUISANCE_THRESHOLD
from ambon_112.core.duplicates import DEFAULT_RADIUS_M, DEFAULT_WINDOW_MINUTES

SETTINGS = "Ambon 112 Settings"
DEFAULTS = {
	"aml_match_window_minutes": 10,
	"nuisance_call_threshold": DEFAULT_NUISANCE_THRESHOLD,
	"nuisance_lookback_days": DEFAULT_NUISANCE_DAYS,
	"watch_max_days": 90,
	"duplicate_radius_m": DEFAULT_RADIUS_M,
	"duplicate_window_minutes": DEFAULT_WINDOW_MINUTES,
}


def setting(fieldname: str):
	"""The admin's value; the default only while the field was never saved (0 is a value)."""
	value = frappe.get_cached_doc(SETTINGS).get(fieldname)
	return DEFAULTS[fieldname] if value is None else value


def telephony_secret() -> str | None:
	"""The shared secret PBX events are signed with; None when signatures are not required."""
	if not frappe.get_cached_doc(SETTINGS).get("telephony_secret"):
		return None  # the document keeps only a mask of a set password: nothing set, nothing to decrypt
	return get_decrypted_password(SETTINGS, SETTINGS, "telephony_secret", raise_exception=False) or None
