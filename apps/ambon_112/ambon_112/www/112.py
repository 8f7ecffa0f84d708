"""/112: public education about the emergency number, with live figures (no login).

One cache read per visit (reporting.public_stats): the call tables are read at most once every
10 minutes, however many people open the page.
"""

import frappe
from frappe import _

from ambon_112.reporting.public_stats import get_page

# Frappe's own page cache would keep the figures forever; ours expires after 10 minutes.
no_cache = 1


def get_context(context):
	# The page speaks Bahasa Indonesia to every visitor, whatever the browser's Accept-Language says.
	frappe.local.lang = "id"
	page = get_page()
	context.update(page)
	context.title = _("112 Emergency Number of Ambon")
	return context
