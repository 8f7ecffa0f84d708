"""Advanced Mobile Location reports (ETSI TS 103 625) from the network operator or an SMS gateway.

Authenticated like the PBX (token of the integration user). A well-authenticated report is
always answered 2xx, readable or not: an unreadable one is kept raw on its AML Location record.
"""

from urllib.parse import urlencode

import frappe

from ambon_112.intake import aml, request_guards

MAX_HTTPS_BYTES = 8192
MAX_SMS_BYTES = 4096


@frappe.whitelist(methods=["POST"])
def https(**kwargs):
	"""The HTTPS transport: the handset's form fields as posted."""
	request_guards.require_integration_user()
	request_guards.limit_body(MAX_HTTPS_BYTES)
	form = request_guards.form()
	raw = frappe.request.get_data(as_text=True) or urlencode(form)
	return aml.receive_https(form, raw)


@frappe.whitelist(methods=["POST"])
def sms(**kwargs):
	"""The SMS transport, relayed by the SMS gateway: the text and the number that sent it."""
	request_guards.require_integration_user()
	request_guards.limit_body(MAX_SMS_BYTES)
	form = request_guards.form()
	text = form.get("text") or form.get("message") or form.get("body") or ""
	sender = form.get("sender") or form.get("from") or form.get("msisdn")
	return aml.receive_sms(str(text), sender)
