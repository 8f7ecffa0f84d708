"""Call events from the 112 centre's PBX.

``POST /api/method/ambon_112.api.telephony.call_event`` with ``Authorization: token key:secret``
of the integration user, and (when configured) ``X-Ambon112-Signature``. See intake/README.md.
"""

import frappe

from ambon_112.intake import request_guards
from ambon_112.intake.telephony import receive
from ambon_112.settings import telephony_secret

MAX_BODY_BYTES = 4096


@frappe.whitelist(methods=["POST"])
def call_event(**kwargs):
	"""One call event: creates or updates the call keyed by call_id; reports whom it notified.
	The fields are read from the signed body only (``kwargs`` also holds URL parameters)."""
	request_guards.require_integration_user()
	body = request_guards.signed_body(MAX_BODY_BYTES, telephony_secret())
	return receive(request_guards.fields_of(body))
