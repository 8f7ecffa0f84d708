"""A dispatch moved through its statuses, for the desk and the agency portal alike.

Field levels of Dispatch: 0 is the agency's report (notes, "need more units"), 1 the centre's
orders (instructions), 2 the record (status, cancel reason, the time and user of every step).
No role writes level 2, so Frappe keeps its stored values against any generic write
(``frappe.client.set_value``, ``/api/resource``, the desk form); only ``move`` writes the status
and the cancel reason, and the controller stamps the step. Frappe's permission check (with the
agency scope of ambon_112.permissions) decides whose dispatch it is.
"""

from datetime import datetime

import frappe
from frappe import _
from frappe.utils import get_datetime, now_datetime

from ambon_112.core import field_updates
from ambon_112.core.incident_states import DISPATCH_STAMPS
from ambon_112.exceptions import (
	CancelNotAllowedError,
	CancelReasonRequiredError,
	InvalidStatusTransitionError,
	PressTimeRefusedError,
)
from ambon_112.permissions import require_visible
from ambon_112.settings import setting

CENTRE_LEVEL = 1  # the centre's orders; cancelling a dispatch is one of them
# The record's fields this module alone writes (level 2 in dispatch.json: no role may write them).
STATUS_FIELDS = ("status", "cancel_reason")


def move(dispatch: str, status: str, notes: str | None = None, pressed_at: datetime | None = None) -> dict:
	"""Move a dispatch to ``status`` (Acknowledged, En Route, On Scene, Cleared or Cancelled).

	Whoever may write the dispatch may move it forward: operators in the desk, the agency's own
	staff through the portal (never another agency's). Cancelling is the centre's order: it needs
	write on the centre's fields, which agency staff lack (they report "need more units" or
	"cleared", or add a note). Time and user are stamped on the dispatch; clearing or cancelling
	frees the unit. Cancelling needs the reason in ``notes``.

	``pressed_at``: when the crew pressed the button, for a press that reached the server later (a
	phone without signal keeps it): the step is stamped with that moment instead of now, once it is
	checked here against the server's clock and the dispatch. The only way a stamp is ever not now.
	"""
	if status not in DISPATCH_STAMPS:
		frappe.throw(_("Unknown dispatch status: {0}.").format(status), InvalidStatusTransitionError)
	require_visible("Dispatch", dispatch)
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
	if pressed_at is not None:
		doc.flags.stamp_at = checked_press_time(doc, pressed_at)
	if status == "Cancelled":
		if CENTRE_LEVEL not in doc.get_permlevel_access("write"):
			frappe.throw(
				_(
					"Only the 112 centre cancels a dispatch: report “need more units” or “cleared”, or add a note."
				),
				CancelNotAllowedError,
				title=_("Not Allowed"),
			)
		reason = (notes or "").strip() or doc.cancel_reason
		if not reason:
			frappe.throw(_("Give the reason for cancelling the dispatch."), CancelReasonRequiredError)
		doc.cancel_reason = reason
	elif notes:
		doc.agency_notes = notes
	doc.status = status
	doc.flags.ignore_permlevel_for_fields = STATUS_FIELDS
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


def checked_press_time(doc, pressed_at) -> datetime:
	"""The press time of a late delivery, refused when it lies in the future (beyond the clock skew
	allowed) or before the dispatch; within the skew it counts as now."""
	now = now_datetime()
	pressed = get_datetime(pressed_at)
	try:
		field_updates.check_press_time(
			pressed, now, get_datetime(doc.dispatched_at), setting("portal_clock_skew_seconds")
		)
	except field_updates.PressTimeError as e:
		if e.params.get("reason") == "future":
			message = _("The press time {0} is in the future: check the phone's clock.")
		else:
			message = _("The press time {0} is before dispatch {1} was sent.")
		frappe.throw(
			message.format(frappe.utils.format_datetime(pressed), doc.name),
			PressTimeRefusedError,
			title=_("Press Time Refused"),
		)
	return field_updates.effective_press_time(pressed, now)
