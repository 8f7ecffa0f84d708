"""The link on Frappe's message page ("Not Permitted", "Not Found", …) carries a safe URL.

Frappe 15 answers a website page that raises ``PermissionError`` with its not-permitted page
(``frappe.website.page_renderers.not_permitted_page``), whose "Login" ("Masuk") button points to
``/login?redirect-to=<request path>``: the path as the browser sent it, percent-decoded. The page's
template (``www/message.html``) prints that ``primary_action`` unescaped inside a single-quoted
``href``. So a link such as ``/agency/' autofocus onfocus=alert(4) x='`` (the portal refuses any
dispatch name it does not know with exactly that page) breaks out of the attribute, and the page's
own script focuses the button: the handler runs for whoever opens the link, signed in or not.
Frappe's web forms (``/update-profile/<name>`` for a guest) reach the same page with any path.

The app cannot change Frappe's template or renderer, but every message page takes its button from
``frappe.local.response.context``, which Frappe applies after the ``update_website_context``
hooks: there the link is percent-encoded, so no quote, space or angle bracket of an address ever
reaches the attribute, whichever page raised and whatever its address.
"""

import frappe

from ambon_112.core.links import attribute_safe_url


def encode_the_button_link(context=None):
	"""update_website_context: the message page's button link, percent-encoded."""
	page = (getattr(frappe.local, "response", None) or {}).get("context")
	if isinstance(page, dict) and isinstance(page.get("primary_action"), str):
		page["primary_action"] = attribute_safe_url(page["primary_action"])
