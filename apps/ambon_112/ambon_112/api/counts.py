"""``frappe.client.get_count`` with permissions for the 112 centre's records.

Frappe 15's ``frappe.client.get_count`` counts with ``frappe.db.count`` and no permission
check, so any logged-in user could probe whether another agency's dispatch or incident exists
(by name, kelurahan, time…). For the agency-scoped DocTypes and the calls it counts what
``frappe.get_list`` would show; every other DocType keeps Frappe's behaviour.
"""

import frappe
from frappe.client import get_count as frappe_get_count
from frappe.client import get_safe_filters

from ambon_112.permissions import SCOPES

GUARDED = frozenset({*SCOPES, "Emergency Call"})


@frappe.whitelist()
def get_count(doctype, filters=None, debug=False, cache=False):
	if doctype not in GUARDED:
		return frappe_get_count(doctype, filters=filters, debug=debug, cache=cache)
	frappe.has_permission(doctype, "read", throw=True)
	rows = frappe.get_list(doctype, filters=get_safe_filters(filters), fields=["count(*) as count"])
	return rows[0].count if rows else 0
