"""Sending units to an incident, all or nothing, under row locks.

Of two dispatchers who pick the same unit at the same moment, the second waits for the first to
commit, then finds the unit busy and gets a clear message with nothing written. The desk's
dispatch dialog and the call console both send through ``send``.
"""

import frappe
from frappe import _

from ambon_112.core.incident_states import INCIDENT_OPEN
from ambon_112.exceptions import (
	IncidentClosedError,
	NothingToDispatchError,
	UnitNotAvailableError,
	UnknownUnitError,
)

MAX_UNITS_PER_DISPATCH = 50


def send(incident: str, units: list[str], agencies: list[str], instructions: str | None = None) -> dict:
	"""Send ``units`` (and/or ask ``agencies`` that choose their own unit) to ``incident``.

	The units' rows are locked (``select … for update``, in name order so that two multi-unit
	dispatches cannot deadlock) before anything is checked or written.
	"""
	if not units and not agencies:
		frappe.throw(_("Choose at least one unit or agency to dispatch."), NothingToDispatchError)
	if len(units) + len(agencies) > MAX_UNITS_PER_DISPATCH:
		frappe.throw(
			_("At most {0} units or agencies can be dispatched at once.").format(MAX_UNITS_PER_DISPATCH),
			NothingToDispatchError,
		)
	frappe.has_permission("Dispatch", "create", throw=True)
	doc = frappe.get_doc("Incident", incident)
	doc.check_permission("read")
	# Locks are always taken incident first, then dispatches, then units (an incident's own save
	# goes that way too), so two transactions never wait for each other in a circle. Only the
	# incident's row is locked here: locking its child rows too would lock index gaps next to
	# other incidents while waiting for the units. The locking read also sees a cancellation
	# committed a moment ago, which this transaction's snapshot would not.
	status = frappe.db.get_value("Incident", doc.name, "status", for_update=True)
	if status not in INCIDENT_OPEN:
		frappe.throw(
			_("Incident {0} is {1}: units are sent only to an open incident.").format(doc.name, _(status)),
			IncidentClosedError,
			title=_("Incident Closed"),
		)
	lock_available_units(units)
	check_agencies(agencies)
	created = []
	savepoint = "ambon112_dispatch_units"
	frappe.db.savepoint(savepoint)
	try:
		for unit in units:
			created.append(_insert(doc.name, instructions, unit=unit))
		for agency in agencies:
			created.append(_insert(doc.name, instructions, agency=agency))
	except Exception:
		frappe.db.rollback(save_point=savepoint)
		raise
	return {
		"incident": doc.name,
		"incident_status": frappe.db.get_value("Incident", doc.name, "status"),
		"dispatches": [
			{"name": d.name, "unit": d.unit, "agency": d.agency, "status": d.status} for d in created
		],
	}


def lock_available_units(units: list[str]):
	"""Row-lock the units and refuse them all unless every one is available."""
	if not units:
		return
	rows = frappe.db.get_values(
		"Emergency Unit",
		{"name": ("in", units)},
		["name", "status", "is_active"],
		order_by="name",
		for_update=True,
		as_dict=True,
	)
	unknown = sorted(set(units) - {r.name for r in rows})
	if unknown:
		frappe.throw(_("Unknown unit: {0}.").format(", ".join(unknown)), UnknownUnitError)
	busy = [r for r in rows if r.status != "Available" or not r.is_active]
	if busy:
		frappe.throw(
			_(
				"Not dispatched: {0} is no longer available (another dispatcher may just have sent it)."
				" Nothing was dispatched; choose again."
			).format(", ".join(f"{r.name} ({_(r.status) if r.is_active else _('inactive')})" for r in busy)),
			UnitNotAvailableError,
			title=_("Unit Not Available"),
		)


def check_agencies(agencies: list[str]):
	for agency in agencies:
		if not frappe.db.get_value("Agency", agency, "is_active"):
			frappe.throw(_("Agency {0} is unknown or inactive.").format(agency), frappe.ValidationError)


def _insert(incident: str, instructions: str | None, unit: str | None = None, agency: str | None = None):
	return frappe.get_doc(
		{
			"doctype": "Dispatch",
			"incident": incident,
			"unit": unit,
			"agency": agency,
			"instructions": instructions,
		}
	).insert()
