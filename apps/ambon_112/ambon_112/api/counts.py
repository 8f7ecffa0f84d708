"""``frappe.client.get_count`` with permissions.

Frappe 15's ``frappe.client.get_count`` counts with ``frappe.db.count`` and no permission check,
so any logged-in user could count, filter by filter, records they may not read: another agency's
dispatches (by name, kelurahan, time…), change history, files. It counts here what
``frappe.get_list`` would show, for every DocType, so the refusal of filters on fields above the
user's permission level (ambon_112.security.field_levels) applies to counts too.
"""

import frappe
from frappe.client import get_safe_filters


@frappe.whitelist()
def get_count(doctype, filters=None, debug=False, cache=False):
	rows = frappe.get_list(doctype, filters=get_safe_filters(filters), fields=["count(*) as count"])
	return rows[0].count if rows else 0
