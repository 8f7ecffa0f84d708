"""Every logged-in browser session carries a CSRF token, so Frappe checks it on every POST.

Frappe 15 (``frappe.auth.HTTPRequest.validate_csrf_token``) checks the token only when the
session has one, and makes one only when the desk (``/app``) is rendered: a portal user's
session never gets one, so any site could post as the agency's crew. Here every session gets
its token on its first request. Not in ``on_session_creation``: that runs inside the login
request before Frappe checks that very request, which (carrying no token yet) would be refused.
Pages show it as ``frappe.csrf_token`` (website base template), and ``frappe.call`` sends it.
Requests authenticated by API key carry no session cookie and are not concerned.
"""

import frappe
from frappe.sessions import get_csrf_token


def give_session_a_token():
	"""before_request: after Frappe's own CSRF check of this request, for the requests after it."""
	session = getattr(frappe.local, "session", None)
	if not session or session.user == "Guest" or not getattr(frappe.local, "session_obj", None):
		return
	if not session.data.csrf_token:
		get_csrf_token()
