"""/agency/<dispatch>: one dispatch for its agency's crew (route rule in hooks.py)."""

import frappe
from frappe import _

from ambon_112.portal.dispatches import (
	dispatch_view,
	display_context,
	js_messages,
	offline_context,
	require_login,
)

no_cache = 1


def get_context(context):
	name = frappe.form_dict.get("dispatch")
	require_login(f"/agency/{name}" if name else "/agency")
	if not name:
		raise frappe.DoesNotExistError(_("Dispatch not found."))
	context.view = frappe._dict(dispatch_view(name))
	context.d = frappe._dict(context.view.dispatch)
	context.i = frappe._dict(context.view.incident)
	context.title = _("Dispatch {0}").format(name)
	context.show_sidebar = False
	context.js_messages = js_messages()
	offline_context(context, context.d, context.view.next_steps)
	context.update(display_context())
	context.parents = [{"route": "agency", "title": _("Active Dispatches")}]
	return context
