"""Dispatching over HTTP: recommend units, send them, move a dispatch through its statuses.

``set_dispatch_status`` serves the desk and the agency portal alike: Frappe's permission
check (with the agency scope of ambon_112.permissions) decides whose dispatch it is.
"""

import frappe
from frappe import _

from ambon_112.core.flows import DISPATCH_STAMPS, INCIDENT_OPEN
from ambon_112.dispatch.recommend import recommend_units
from ambon_112.exceptions import (
	CancelReasonRequiredError,
	IncidentClosedError,
	InvalidStatusTransitionError,
	NothingToDispatchError,
	UnitNotAvailableError,
	UnknownUnitError,
)

MAX_UNITS_PER_DISPATCH = 50


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
	"""Send units (and/or ask agencies that choose their own unit) to an incident, all or nothing.

	The units' rows are locked (``select … for update``, in name order so that two multi-unit
	dispatches cannot deadlock) before anything is checked or written: of two dispatchers who
	pick the same unit at the same moment, the second waits for the first to commit, then finds
	the unit busy and gets a clear message with nothing written.
	"""
	units, agencies = _names(units), _names(agencies)
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
	rows = frappe.db.sql(
		"""select name, status, is_active from `tabEmergency Unit`
		where name in %(units)s order by name for update""",
		{"units": units},
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


@frappe.whitelist(methods=["POST"])
def set_dispatch_status(dispatch: str, status: str, notes: str | None = None) -> dict:
	"""Move a dispatch to ``status`` (Acknowledged, En Route, On Scene, Cleared or Cancelled).

	Whoever may write the dispatch may move it: operators in the desk, the agency's own staff
	through the portal (never another agency's). Time and user are stamped on the dispatch;
	clearing or cancelling frees the unit. Cancelling needs the reason in ``notes``.
	"""
	if status not in DISPATCH_STAMPS:
		frappe.throw(_("Unknown dispatch status: {0}.").format(status), InvalidStatusTransitionError)
	if not frappe.db.exists("Dispatch", dispatch):
		raise frappe.DoesNotExistError(_("Dispatch {0} not found.").format(dispatch))
	if not frappe.has_permission("Dispatch", "write", doc=dispatch):
		raise frappe.PermissionError(_("You may not update dispatch {0}.").format(dispatch))
	# Incident first, then the dispatch (see dispatch_units): a crew reporting while a supervisor
	# cancels the incident queue up instead of deadlocking; two crew members pressing "on scene"
	# at once stamp it once.
	frappe.db.get_value(
		"Incident", frappe.db.get_value("Dispatch", dispatch, "incident"), "name", for_update=True
	)
	doc = frappe.get_doc("Dispatch", dispatch, for_update=True)
	if status == "Cancelled":
		reason = (notes or "").strip() or doc.cancel_reason
		if not reason:
			frappe.throw(_("Give the reason for cancelling the dispatch."), CancelReasonRequiredError)
		doc.cancel_reason = reason
	elif notes:
		doc.agency_notes = notes
	doc.status = status
	doc.save()
	return {
		"dispatch": doc.name,
		"status": doc.status,
		"unit": doc.unit,
		"unit_status": frappe.db.get_value("Emergency Unit", doc.unit, "status") if doc.unit else None,
		"incident_status": frappe.db.get_value("Incident", doc.incident, "status"),
		"at": doc.get(DISPATCH_STAMPS[status][0]),
		"by": doc.get(DISPATCH_STAMPS[status][1]),
	}


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
