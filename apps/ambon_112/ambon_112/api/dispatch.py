"""Dispatching over HTTP: recommend units, send them, move a dispatch through its statuses.

The rules live in ambon_112.dispatch (sending, status); this module reads the request and checks
who asks.
"""

import frappe
from frappe import _

from ambon_112.dispatch import sending
from ambon_112.dispatch import status as dispatch_status
from ambon_112.dispatch.recommend import recommend_units


@frappe.whitelist()
def recommend(incident: str, agency_types=None, capabilities=None) -> dict:
	"""Units to send to ``incident``, best first, each with the reasons; extra agency types and
	capabilities (e.g. from the triage outcome) widen what the incident type asks for."""
	frappe.has_permission("Dispatch", "create", throw=True)
	doc = frappe.get_doc("Incident", incident)
	doc.check_permission("read")
	return recommend_units(doc, _names(agency_types), _names(capabilities))


@frappe.whitelist(methods=["POST"])
def dispatch_units(incident: str, units=None, agencies=None, instructions: str | None = None) -> dict:
	"""Send units (and/or ask agencies that choose their own unit) to an incident, all or nothing."""
	return sending.send(incident, _names(units), _names(agencies), instructions)


@frappe.whitelist(methods=["POST"])
def set_dispatch_status(dispatch: str, status: str, notes: str | None = None) -> dict:
	"""Move a dispatch to ``status`` (Acknowledged, En Route, On Scene, Cleared or Cancelled)."""
	return dispatch_status.move(dispatch, status, notes)


def _names(value) -> list[str]:
	"""A list of names from JSON text, a comma-separated string or a list; trimmed, unique, in order."""
	if not value:
		return []
	if isinstance(value, str):
		value = frappe.parse_json(value) if value.strip().startswith("[") else value.split(",")
	if not isinstance(value, list | tuple):
		frappe.throw(_("Expected a list of names."), frappe.ValidationError)
	names = [str(v).strip() for v in value if v is not None and str(v).strip()]
	return list(dict.fromkeys(names))
