"""What an agency user may call over HTTP: the portal and its API, not the desk's.

Agency users are website users of the portal (/agency). Frappe's whitelisted desk methods
(``frappe.client.*``, ``frappe.desk.*``, ``frappe.model.*``, …) are written for desk users, and
many answer about any record by name, or count, without the agency scope: ``validate_link`` says
whether a name exists, ``toggle_like`` and ``add_tag`` write on records the user cannot read,
``listview.get_group_by_count`` and ``tag.get_tagged_docs`` query without permission conditions,
``get_next`` compares with a foreign record's fields, ``can_subscribe_doctype`` lets the socket
server put the user in a DocType's room, where every change is broadcast with its editor. Rather
than patch those one by one (and miss the next), an agency user reaches only:

- the app's own endpoints (``ambon_112.*``), which apply the scope themselves;
- Frappe's REST resource API, which goes through the permission layer where the scope lives
  (ambon_112.permissions);
- the few Frappe methods a portal session needs (``PORTAL_METHODS``).

Requests that name a record of a scoped DocType answer a record outside the scope exactly as a
missing one (``permissions.require_visible``). Registered as an auth hook: Frappe runs those once
the user is known (session cookie or API key), before it dispatches the request.
"""

import frappe
from frappe import _

from ambon_112.permissions import is_scoped, require_visible

APP_METHODS = "ambon_112."

# Frappe's methods a portal session needs, with the arguments (DocType, name) of those that name a
# record: log in and out, upload a photo (to a record they may see), the realtime server's
# checks (it calls them with the user's session), print its own incident, change the password.
PORTAL_METHODS = {
	"login": None,
	"logout": None,
	"web_logout": None,  # the website menu's "Log out" (/?cmd=web_logout)
	"ping": None,
	"frappe.auth.get_logged_user": None,
	"upload_file": ("doctype", "docname"),
	"frappe.handler.upload_file": ("doctype", "docname"),
	"frappe.realtime.get_user_info": None,
	"frappe.realtime.can_subscribe_doc": ("doctype", "docname"),
	"frappe.utils.print_format.download_pdf": ("doctype", "name"),
	"frappe.core.doctype.user.user.update_password": None,
	"frappe.core.doctype.user.user.test_password_strength": None,
	"frappe.website.doctype.web_page_view.web_page_view.make_view_log": None,
}

# Website pages that name a record in their query string: (DocType, name) arguments.
PORTAL_PAGES = {"/printview": ("doctype", "name")}


def refuse_the_desk_api():
	"""auth_hooks: refuse an agency user every request outside the portal's surface."""
	if not is_scoped():
		return
	form = frappe.form_dict
	# Frappe runs a `cmd` before looking at the path, whatever the path is.
	if form.get("cmd"):
		check_method(form.cmd)
	path = frappe.request.path
	if path.startswith("/api/"):
		check_api_path(path.split("/")[2:])
	elif path in PORTAL_PAGES:
		check_record(*PORTAL_PAGES[path])


def check_api_path(parts: list[str]):
	"""/api/[v1/|v2/]method/…, /api/[v1/]resource/…, /api/v2/document/…"""
	version = parts.pop(0) if parts and parts[0] in ("v1", "v2") else "v1"
	parts = [p for p in parts if p]
	if len(parts) < 2:
		return
	kind, rest = parts[0], parts[1:]
	if kind == "method":
		# v1 calls the first segment; v2's /method/<doctype>/<method> runs a DocType controller's
		# function, never the portal's.
		check_method(rest[0] if version == "v1" or len(rest) == 1 else "")
	elif kind in ("resource", "document") and len(rest) > 1:
		name = rest[1:-2] if kind == "document" and len(rest) > 3 and rest[-2] == "method" else rest[1:]
		check_named(rest[0], "/".join(name))


def check_method(method: str):
	if method.startswith(APP_METHODS):
		return
	if method not in PORTAL_METHODS:
		frappe.throw(_("Not permitted"), frappe.PermissionError)
	if PORTAL_METHODS[method]:
		check_record(*PORTAL_METHODS[method])


def check_record(doctype_arg: str, name_arg: str):
	doctype, name = frappe.form_dict.get(doctype_arg), frappe.form_dict.get(name_arg)
	if isinstance(doctype, str) and doctype:
		check_named(doctype, name if isinstance(name, str) else "")


def check_named(doctype: str, name: str):
	"""A record the user may not see, of a DocType they may not read at all or outside their scope,
	is refused before Frappe looks it up: the answer is the same whether it exists or not."""
	if not frappe.db.exists("DocType", doctype):
		return  # Frappe answers an unknown DocType the same for every name
	if not (frappe.is_table(doctype) or frappe.has_permission(doctype, "read")):
		frappe.throw(_("Not permitted"), frappe.PermissionError)
	require_visible(doctype, name)
