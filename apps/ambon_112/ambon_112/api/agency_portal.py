"""The agency portal's endpoints; dispatch statuses go through ambon_112.api.dispatch.set_dispatch_status."""

import frappe

from ambon_112.portal import dispatches, field_updates


@frappe.whitelist()
def my_dispatches(closed: int = 0) -> list[dict]:
	"""The user's agency dispatches, most urgent first (the list page refreshes from this)."""
	return dispatches.list_dispatches(closed=bool(frappe.utils.cint(closed)))


@frappe.whitelist()
def get_dispatch(dispatch: str) -> dict:
	return dispatches.dispatch_view(dispatch)


@frappe.whitelist(methods=["POST"])
def save_report(dispatch: str, notes: str | None = None, need_more_units=None) -> dict:
	return dispatches.save_report(dispatch, notes=notes, need_more_units=need_more_units)


@frappe.whitelist(methods=["POST"])
def share_position(unit: str, latitude, longitude, accuracy=None) -> dict:
	return dispatches.share_position(unit, latitude, longitude, accuracy)


@frappe.whitelist(methods=["POST"])
def sync_updates(updates) -> list[dict]:
	"""The phone's queued presses (JSON list), each applied once by its client id, in press order."""
	return field_updates.apply_batch(updates)
