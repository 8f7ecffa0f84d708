"""A body that claims to be JSON but does not parse is the client's error: 400, never a 500 traceback.

Frappe 15 parses such a body itself (``frappe.app.make_form_dict``, inside ``init_request``) before
any app code or ``before_request`` hook runs, and answers the ``JSONDecodeError`` with a 500 that
carries the traceback when System Settings allow tracebacks. An app cannot reach that step, so this
``after_request`` hook (which Frappe runs for every route, also after a failed ``init_request``)
rewrites exactly that answer: a 500 to a request whose JSON body does not parse can have no other
cause, since Frappe parses it before doing anything else with the request.
"""

import json

import frappe
from frappe import _

from ambon_112.core.request_body import is_json

STATUS = 400


def answer_400(response=None, request=None):
	if response is None or request is None or response.status_code != 500:
		return
	if not is_json(request.mimetype or "") or _parses(request.get_data()):
		return
	message = {
		"message": _("The request body is not valid JSON."),
		"title": _("Malformed Request"),
		"indicator": "red",
	}
	response.status_code = STATUS
	response.mimetype = "application/json"
	response.set_data(
		json.dumps(
			{"exc_type": "MalformedRequestError", "_server_messages": json.dumps([json.dumps(message)])}
		)
	)


def _parses(body: bytes) -> bool:
	"""Whether Frappe's own parse of this body succeeds (it decodes it as werkzeug's get_data does)."""
	if not body:
		return True  # Frappe parses an empty body as no fields: never the cause of a 500
	try:
		json.loads(body.decode(errors="replace"))
	except (ValueError, RecursionError):
		return False
	return True
