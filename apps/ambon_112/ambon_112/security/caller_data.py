"""Who may see the caller's name, number and the call notes of an incident (UU 27/2022).

One rule for the *Incident Report* print format and the agency portal, always read from the
database (the stored incident, the reader's roles and agency memberships), never from a
document or flag a client sent:

- roles that read the caller fields of Emergency Call (their permission level), everywhere;
- an agency user (Agency Staff, no 112 role), only when the centre ticked *Share Caller Details
  with Agencies* on the incident and one of the user's agencies has a dispatch to it that was not
  cancelled.

Anyone else (the 112 Viewer, another agency, an agency sent by mistake) does not see them.
"""

import hashlib
import hmac

import frappe
from frappe.utils.password import get_encryption_key

from ambon_112.permissions import agencies_of, is_agency_user

CALL = "Emergency Call"
CALLER_FIELDS = ("caller_name", "caller_number", "caller_number_normalized")
CANCELLED = "Cancelled"


def reads_caller_fields(user: str | None = None) -> bool:
	meta = frappe.get_meta(CALL)
	levels = set(meta.get_permlevel_access("read", user=user))
	return all(meta.get_field(f).permlevel in levels for f in CALLER_FIELDS)


def may_see_caller(incident: str | None, user: str | None = None) -> bool:
	user = user or frappe.session.user
	if reads_caller_fields(user):
		return True
	if not incident or not is_agency_user(user):
		return False
	if not frappe.db.get_value("Incident", incident, "share_caller_data"):
		return False
	agencies = agencies_of(user)
	return bool(agencies) and bool(
		frappe.db.exists(
			"Dispatch", {"incident": incident, "agency": ("in", agencies), "status": ("!=", CANCELLED)}
		)
	)


def masking_key() -> bytes:
	"""The site's secret for caller labels (core.masking): derived from its encryption key, never shown."""
	return hmac.new(get_encryption_key().encode(), b"ambon112 caller label", hashlib.sha256).digest()


def ensure_masking_key():
	"""Frappe makes a site's encryption key on first use, in whichever process needs it first (two at
	once may each write their own): made at install and migrate, every process labels callers alike."""
	get_encryption_key()
