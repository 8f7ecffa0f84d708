"""Crew statuses by SMS, posted by the centre's SMS gateway (portal/field_sms.py).

Authenticated like the PBX and the AML provider: the token of a 112 Integration user, and the body
signed with the telephony secret when one is set; the fields are read from the signed body only.
"""

import frappe

from ambon_112.intake import request_guards
from ambon_112.portal import field_sms
from ambon_112.settings import telephony_secret

MAX_BYTES = 4096


@frappe.whitelist(methods=["POST"])
def receive(**kwargs) -> dict:
	"""``sender``, ``text``; optional ``message_id`` (the gateway's) and ``sent_at``. Answers the reply."""
	request_guards.require_integration_user()
	body = request_guards.signed_body(MAX_BYTES, telephony_secret())
	return field_sms.receive(request_guards.fields_of(body))
