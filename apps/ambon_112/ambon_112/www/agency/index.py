"""/agency: the dispatches sent to the user's agency, on a phone."""

import frappe
from frappe import _

from ambon_112.permissions import agencies_of
from ambon_112.portal.dispatches import (
	DISPATCH_EVENT,
	display_context,
	js_messages,
	list_dispatches,
	offline_context,
	require_login,
)

no_cache = 1


def get_context(context):
	require_login("/agency")
	closed = bool(frappe.utils.cint(frappe.form_dict.get("closed")))
	context.closed = closed
	context.dispatches = list_dispatches(closed=closed)
	context.dispatch_event = DISPATCH_EVENT
	# The page joins these agencies' rooms; the socket server checks each against the user's permission.
	context.agencies = agencies_of(frappe.session.user)
	context.title = _("Recent Closed Dispatches") if closed else _("Active Dispatches")
	context.show_sidebar = False
	context.js_messages = js_messages()
	offline_context(context)
	context.update(display_context())
	return context
