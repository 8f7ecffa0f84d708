"""The page's co-located .css and .js, as trusted markup for the portal's page shell.

Frappe reads ``<page>.css`` / ``<page>.js`` from the app's own files beside the page into the
context as plain strings (after the page's ``get_context``) and its own base template prints them
raw. The portal's shell (templates/agency_portal.html) prints every value with ``|e``, so these two
are marked as the markup they are here, in ``update_website_context``, which runs after Frappe
loaded them: ``|e`` then leaves them as they are and would escape anything else.
"""

from markupsafe import Markup

COLOCATED = ("colocated_css", "colocated_js")


def mark_colocated_files(context=None):
	"""update_website_context: the app's own co-located files, as Markup."""
	if not context:
		return None
	return {key: Markup(context[key]) for key in COLOCATED if isinstance(context.get(key), str)}
