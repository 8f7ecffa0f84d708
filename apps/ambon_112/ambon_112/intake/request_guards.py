"""Checks every machine-to-machine intake request passes before anything is written.

The PBX and the AML provider sign the raw body; the endpoints read their fields from that same body
(``signed_body`` then ``fields_of``), never from ``frappe.form_dict``, which also takes URL parameters
that no signature covers.
"""

import frappe
from frappe import _

from ambon_112.core.request_body import MalformedBody, UnsupportedMediaType, parse_fields
from ambon_112.core.telephony import signature_valid
from ambon_112.exceptions import (
	InvalidSignatureError,
	MalformedRequestError,
	RequestTooLargeError,
	UnsupportedMediaTypeError,
)
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


def signed_body(max_bytes: int, secret: str | None) -> bytes:
	"""The raw body, once it is small enough, carries no URL parameters and (when ``secret`` is set)
	is signed with it. Every integration endpoint reads its fields from these bytes and no others."""
	body = frappe.request.get_data() or b""
	_limit(len(body), max_bytes)
	_refuse_url_parameters()
	if secret:
		check_signature(body, secret)
	return body


def check_signature(body: bytes, secret: str):
	"""The body must carry its HMAC-SHA256 with ``secret`` (compared in constant time)."""
	if not signature_valid(secret, body, frappe.get_request_header(SIGNATURE_HEADER)):
		frappe.throw(
			_("Missing or wrong {0} header: sign the raw body with the shared secret.").format(
				SIGNATURE_HEADER
			),
			InvalidSignatureError,
			title=_("Invalid Signature"),
		)


def fields_of(body: bytes) -> dict:
	"""The posted fields: the body form-encoded (also without a Content-Type) or a JSON object."""
	try:
		return parse_fields(body, frappe.request.mimetype)
	except UnsupportedMediaType as e:
		frappe.throw(
			_("Content type {0} is not accepted: send the fields form-encoded or as a JSON object.").format(
				e.params.get("mimetype") or "?"
			),
			UnsupportedMediaTypeError,
			title=_("Malformed Request"),
		)
	except MalformedBody as e:
		frappe.throw(
			_("The request body cannot be read as fields: {0}.").format(_reason(e)),
			MalformedRequestError,
			title=_("Malformed Request"),
		)


def _reason(error: MalformedBody) -> str:
	reasons = {
		"the body is not UTF-8": _("the body is not UTF-8"),
		"a form field is not UTF-8 once decoded": _("a form field is not UTF-8 once decoded"),
		"too many fields": _("too many fields"),
		"the body is not valid JSON": _("the body is not valid JSON"),
		"the body is JSON but not an object of fields": _("the body is JSON but not an object of fields"),
		"a field is given twice": _("a field is given twice ({0})").format(error.params.get("field")),
	}
	return reasons.get(str(error), str(error))


def _limit(size: int, max_bytes: int):
	size = max(size, frappe.request.content_length or 0)
	if size > max_bytes:
		frappe.throw(
			_("The request is {0} bytes; this endpoint accepts at most {1}.").format(size, max_bytes),
			RequestTooLargeError,
			title=_("Request Too Large"),
		)


def _refuse_url_parameters():
	if frappe.request.args:
		frappe.throw(
			_(
				"Parameters in the URL are not accepted here (no signature covers them): post them in the body."
			),
			MalformedRequestError,
			title=_("Malformed Request"),
		)
