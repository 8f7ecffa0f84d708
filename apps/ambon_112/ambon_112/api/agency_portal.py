"""The agency portal's endpoints; dispatch statuses go through ambon_112.api.dispatch.set_dispatch_status."""

import frappe

from ambon_112 import agency_portal


@frappe.whitelist()
def my_dispatches(closed: int = 0) -> list[dict]:
	"""The user's agency dispatches, most urgent first (the list page refreshes from this)."""
	return agency_portal.list_dispatches(closed=bool(frappe.utils.cint(closed)))


@frappe.whitelist()
def get_dispatch(dispatch: str) -> dict:
	return agency_portal.dispatch_view(dispatch)


@frappe.whitelist(methods=["POST"])
def save_report(dispatch: str, notes: str | None = None, need_more_units=None) -> dict:
	return agency_portal.save_report(dispatch, notes=notes, need_more_units=need_more_units)


@frappe.whitelist(methods=["POST"])
def share_position(unit: str, latitude, longitude, accuracy=None) -> dict:
	return agency_portal.share_position(unit, latitude, longitude, accuracy)
