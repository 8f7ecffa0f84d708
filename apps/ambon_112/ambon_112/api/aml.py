"""Advanced Mobile Location reports (ETSI TS 103 625) from the network operator or an SMS gateway.

Authenticated like the PBX (token of the integration user, and the signature when a secret is set).
A well-authenticated report is always answered 2xx, readable or not: an unreadable one is kept raw
on its AML Location record, also when its body cannot even be read as fields.
"""

import frappe

from ambon_112.exceptions import MalformedRequestError
from ambon_112.intake import aml, request_guards
from ambon_112.settings import aml_secret

MAX_HTTPS_BYTES = 8192
MAX_SMS_BYTES = 4096


@frappe.whitelist(methods=["POST"])
def https(**kwargs):
	"""The HTTPS transport: the handset's form fields as posted."""
	form, raw = _signed_report(MAX_HTTPS_BYTES)
	return aml.receive_https(form, raw)


@frappe.whitelist(methods=["POST"])
def sms(**kwargs):
	"""The SMS transport, relayed by the SMS gateway: the text and the number that sent it."""
	form, raw = _signed_report(MAX_SMS_BYTES)
	if not form:
		return aml.receive_sms(raw, None)  # not fields: the whole body is what arrived
	text = form.get("text") or form.get("message") or form.get("body") or ""
	sender = form.get("sender") or form.get("from") or form.get("msisdn")
	return aml.receive_sms(str(text), sender)


def _signed_report(max_bytes: int) -> tuple[dict, str]:
	"""The report's fields (empty when its body is not a set of fields) and its raw text, to keep."""
	request_guards.require_integration_user()
	body = request_guards.signed_body(max_bytes, aml_secret())
	raw = body.decode("utf-8", errors="replace")
	try:
		return request_guards.fields_of(body), raw
	except MalformedRequestError:
		frappe.clear_last_message()
		return {}, raw
