"""Checks every machine-to-machine intake request passes before anything is written."""

import frappe
from frappe import _

from ambon_112.core.telephony import signature_valid
from ambon_112.exceptions import InvalidSignatureError, RequestTooLargeError
from ambon_112.intake.settings import telephony_secret
from ambon_112.roles import INTEGRATION

SIGNATURE_HEADER = "X-Ambon112-Signature"


def require_integration_user():
	"""Token auth (``Authorization: token key:secret``) of a user with the 112 Integration role."""
	if INTEGRATION not in frappe.get_roles():
		frappe.throw(
			_("Only a user with the {0} role may post to this endpoint.").format(INTEGRATION),
			frappe.PermissionError,
			title=_("Not Permitted"),
		)


def limit_body(max_bytes: int):
	size = frappe.request.content_length or len(frappe.request.get_data() or b"")
	if size > max_bytes:
		frappe.throw(
			_("The request is {0} bytes; this endpoint accepts at most {1}.").format(size, max_bytes),
			RequestTooLargeError,
			title=_("Request Too Large"),
		)


def check_signature():
	"""When a shared secret is configured, the raw body must carry its HMAC-SHA256 signature."""
	secret = telephony_secret()
	if not secret:
		return
	header = frappe.get_request_header(SIGNATURE_HEADER)
	if not signature_valid(secret, frappe.request.get_data() or b"", header):
		frappe.throw(
			_("Missing or wrong {0} header: sign the raw body with the shared secret.").format(
				SIGNATURE_HEADER
			),
			InvalidSignatureError,
			title=_("Invalid Signature"),
		)


def form() -> dict:
	"""The posted fields (form-encoded or a JSON object), without Frappe's own."""
	return {k: v for k, v in frappe.form_dict.items() if k not in ("cmd",)}
