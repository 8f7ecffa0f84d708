"""The agency portal's data: what an agency's staff may see of the dispatches sent to them.

Everything is read through Frappe's permission layer (``frappe.get_list`` / ``has_permission``),
so the one agency rule of ambon_112.permissions decides whose dispatch it is. What the 112 centre
knows about the caller is added only for those ambon_112.security.caller_data allows: members of
an agency sent to an incident whose caller details the centre shares.
"""

import time
from urllib.parse import quote

import frappe
from frappe import _
from frappe.utils import add_days, cint, flt, format_datetime, now_datetime

from ambon_112.core import field_updates
from ambon_112.core.display import EXERCISE_COLOUR, client_config, priority_colour
from ambon_112.core.incident_states import DISPATCH_ACTIVE, DISPATCH_FINAL
from ambon_112.core.links import attribute_safe_url
from ambon_112.core.portal import minutes_since, navigation_links, next_steps, order_for_agency
from ambon_112.dispatch.notify import DISPATCH_EVENT
from ambon_112.exceptions import NotYourUnitError
from ambon_112.location import check_coordinates
from ambon_112.permissions import agencies_of, is_agency_user, require_visible
from ambon_112.security.caller_data import may_see_caller
from ambon_112.settings import setting

RECENT_CLOSED_DAYS = 3
MAX_ROWS = 100
LIST_FIELDS = [
	"name",
	"incident",
	"agency",
	"unit",
	"status",
	"incident_type",
	"priority",
	"kelurahan",
	"dispatched_at",
	"need_more_units",
	# A drill's dispatch (copied from its incident) says LATIHAN on the portal.
	"is_exercise",
]


# The strings the portal's JS shows; handed to the page already translated.
JS_MESSAGES = (
	"OFFLINE — showing data as of {0}. Presses are kept and sent when the connection returns.",
	"waiting to send ({0})",
	"NOT LIVE — showing data as of {0}; updating…",
	"Cancelled by 112",
	"Waiting to send: it will be sent when the connection returns.",
	"The photo could not be read.",
	"Need More Units",
	"Finding your position…",
	"Live updates unavailable: the list refreshes every 30 seconds.",
	"Live: new dispatches appear automatically.",
	"New dispatch {0}: {1}",
	"No dispatches.",
	"Notes saved",
	"Position shared: {0}",
	"Position unavailable: {0}",
	"The photo could not be uploaded (only images up to the size limit).",
	"This phone cannot share its position.",
	"Unknown area",
	"unit to be chosen",
	"{0} min since dispatch",
	"Dispatched",
	"Acknowledged",
	"En Route",
	"On Scene",
	"Cleared",
	"Cancelled",
	"LATIHAN",
	"Exercise (drill): not a real emergency.",
)


def offline_context(context, dispatch: dict | None = None, steps: list | None = None):
	"""What a page needs to work without signal: the time its data is from, the photo size limit,
	and the SMS links of the steps still ahead (when the centre has an SMS gateway number)."""
	context.as_of = format_datetime(now_datetime(), "HH:mm")
	context.rendered_at = int(time.time() * 1000)  # a kept copy shown later knows it is not live
	context.sitename = frappe.local.site
	context.lang = frappe.local.lang or "id"
	context.photo_max_kb = min(cint(setting("portal_photo_max_kb")), field_updates.MAX_PHOTO_KB)
	context.sms_links = []
	number = (setting("sms_gateway_number") or "").strip()
	if dispatch and number:
		meanings = list(steps or [])
		if meanings and not dispatch.get("need_more_units"):
			meanings.append(field_updates.NEED_MORE_UNITS)
		for meaning in meanings:
			text = field_updates.sms_text(dispatch["name"], meaning)
			context.sms_links.append(
				{"status": meaning, "text": text, "href": f"sms:{quote(number, safe='+')}?body={quote(text)}"}
			)


def js_messages() -> dict:
	return {m: _(m) for m in JS_MESSAGES}


def display_context() -> dict:
	"""The colours and the map of core/display.py for a portal page: its template prints them, its
	script reads them as window.ambon112_display (public/js/display.js)."""
	return {
		"ambon112_display": client_config(),
		"priority_hex": lambda priority: priority_colour(priority).hex,
		"exercise_hex": EXERCISE_COLOUR.hex,
	}


def require_login(path: str):
	"""Guests go to the standard login page and come back here afterwards (the address, which holds
	whatever name the link had, percent-encoded)."""
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = attribute_safe_url(f"/login?redirect-to={path}")
		raise frappe.Redirect


def list_dispatches(closed: bool = False) -> list[dict]:
	"""The user's dispatches: active ones, or those finished in the last few days; most urgent first."""
	frappe.has_permission("Dispatch", "read", throw=True)
	filters = {"status": ("in", DISPATCH_ACTIVE)}
	if closed:
		filters = {
			"status": ("in", DISPATCH_FINAL),
			"modified": (">=", add_days(now_datetime(), -RECENT_CLOSED_DAYS)),
		}
	rows = frappe.get_list(
		"Dispatch", filters=filters, fields=LIST_FIELDS, order_by="dispatched_at desc", limit=MAX_ROWS
	)
	incidents = _incident_summaries({r.incident for r in rows})
	areas = _area_names({r.kelurahan for r in rows} | {i.kelurahan for i in incidents.values()})
	now = now_datetime()
	for row in rows:
		incident = incidents.get(row.incident) or frappe._dict()
		row.title = incident.title
		row.landmark = incident.landmark
		row.kelurahan = row.kelurahan or incident.kelurahan
		row.kelurahan_name = areas.get(row.kelurahan) or row.kelurahan
		row.minutes = minutes_since(row.dispatched_at, now)
		# Translated here: the page's script knows only its own strings, not record names.
		row.incident_type_label = _(row.incident_type) if row.incident_type else ""
	return order_for_agency(rows)


def _incident_summaries(names: set) -> dict:
	if not names:
		return {}
	rows = frappe.get_list(
		"Incident",
		filters={"name": ("in", list(names))},
		fields=["name", "title", "landmark", "kelurahan"],
		limit=len(names),
	)
	return {r.name: r for r in rows}


def _area_names(codes: set) -> dict:
	codes = [c for c in codes if c]
	if not codes:
		return {}
	return dict(
		frappe.get_all(
			"Ambon Area", filters={"name": ("in", codes)}, fields=["name", "area_name"], as_list=True
		)
	)


def dispatch_view(name: str) -> dict:
	"""One dispatch as its agency sees it; PermissionError for anyone else's."""
	require_visible("Dispatch", name)
	if not frappe.db.exists("Dispatch", name):
		raise frappe.DoesNotExistError(_("Dispatch {0} not found.").format(name))
	dispatch = frappe.get_doc("Dispatch", name)
	dispatch.check_permission("read")
	# A dispatch the centre cancelled no longer opens its incident (permissions.SCOPES): the crew
	# sees that dispatch and that it was cancelled, nothing more of the incident.
	stood_down = not frappe.has_permission("Incident", "read", doc=dispatch.incident)
	incident = stood_down_incident(dispatch) if stood_down else frappe.get_doc("Incident", dispatch.incident)
	areas = _area_names({incident.kelurahan, incident.kecamatan})
	view = {
		"dispatch": {
			f: dispatch.get(f)
			for f in (
				*LIST_FIELDS,
				"instructions",
				"agency_notes",
				"acknowledged_at",
				"acknowledged_by",
				"en_route_at",
				"en_route_by",
				"on_scene_at",
				"on_scene_by",
				"cleared_at",
				"cleared_by",
				"cancelled_at",
				"cancel_reason",
			)
		},
		"incident": {
			"name": incident.name,
			"title": incident.title,
			"incident_type": incident.incident_type,
			"priority": incident.priority,
			"status": incident.status,
			"reported_at": incident.reported_at,
			"landmark": incident.landmark,
			"location_text": incident.location_text,
			"kelurahan": incident.kelurahan,
			"kelurahan_name": areas.get(incident.kelurahan) or incident.kelurahan,
			"kecamatan_name": areas.get(incident.kecamatan) or incident.kecamatan,
			"latitude": flt(incident.latitude) or None,
			"longitude": flt(incident.longitude) or None,
			"hazards": incident.hazards,
			"description": incident.description,
			"casualties_dead": incident.casualties_dead,
			"casualties_injured": incident.casualties_injured,
			"casualties_missing": incident.casualties_missing,
			"people_affected": incident.people_affected,
		},
		"minutes": minutes_since(dispatch.dispatched_at, now_datetime()),
		"next_steps": next_steps(dispatch.status),
		"navigation": navigation_links(flt(incident.latitude), flt(incident.longitude), incident.title or ""),
		"other_agencies": [] if stood_down else other_agencies(dispatch),
		"caller": [] if stood_down else caller_data(incident),
		"unit": unit_position(dispatch.unit),
		"photos": photos(dispatch.name),
	}
	return view


def stood_down_incident(dispatch) -> frappe._dict:
	"""What a cancelled dispatch itself says of its incident."""
	return frappe._dict(
		name=dispatch.incident,
		incident_type=dispatch.incident_type,
		priority=dispatch.priority,
		kelurahan=dispatch.kelurahan,
	)


def other_agencies(dispatch) -> list[dict]:
	"""The other agencies sent to the same incident: names and statuses only, nothing else of theirs."""
	rows = frappe.get_all(
		"Dispatch",
		filters={
			"incident": dispatch.incident,
			"name": ("!=", dispatch.name),
			"agency": ("!=", dispatch.agency),
		},
		fields=["agency", "status"],
		order_by="dispatched_at asc",
	)
	names = dict(
		frappe.get_all(
			"Agency",
			filters={"name": ("in", list({r.agency for r in rows}) or [""])},
			fields=["name", "agency_name"],
			as_list=True,
		)
	)
	return [{"agency": names.get(r.agency, r.agency), "status": r.status} for r in rows]


def caller_data(incident) -> list[dict]:
	"""Caller name and number, for the members of an agency sent to an incident that shares them (UU 27/2022).

	The portal is the agencies' view: a 112 role that reads callers in the desk gets nothing here either.
	"""
	if not (is_agency_user(frappe.session.user) and may_see_caller(incident.name)):
		return []
	return frappe.get_all(
		"Emergency Call",
		filters={"incident": incident.name},
		fields=["caller_name", "caller_number"],
		order_by="received_at asc",
	)


def unit_position(unit: str | None) -> dict | None:
	if not unit:
		return None
	return frappe.db.get_value(
		"Emergency Unit",
		unit,
		["name", "call_sign", "latitude", "longitude", "position_reported_at", "kelurahan"],
		as_dict=True,
	)


def photos(dispatch: str) -> list[dict]:
	return frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Dispatch", "attached_to_name": dispatch},
		fields=["name", "file_name", "file_url", "creation"],
		order_by="creation desc",
	)


def save_report(dispatch: str, notes: str | None = None, need_more_units=None) -> dict:
	"""The crew's notes and their call for more units, on their own dispatch only."""
	require_visible("Dispatch", dispatch)
	if not frappe.db.exists("Dispatch", dispatch):
		raise frappe.DoesNotExistError(_("Dispatch {0} not found.").format(dispatch))
	doc = frappe.get_doc("Dispatch", dispatch, for_update=True)
	doc.check_permission("write")
	if notes is not None:
		doc.agency_notes = notes.strip()
	if need_more_units is not None:
		doc.need_more_units = 1 if frappe.utils.cint(need_more_units) else 0
	doc.save()
	return {"dispatch": doc.name, "agency_notes": doc.agency_notes, "need_more_units": doc.need_more_units}


def share_position(unit: str, latitude, longitude, accuracy=None) -> dict:
	"""Move a unit of the user's own agency to where the phone is; the kelurahan follows."""
	require_visible("Emergency Unit", unit)
	if not frappe.db.exists("Emergency Unit", unit):
		raise frappe.DoesNotExistError(_("Unit {0} not found.").format(unit))
	doc = frappe.get_doc("Emergency Unit", unit, for_update=True)
	doc.check_permission("read")
	user = frappe.session.user
	if is_agency_user(user) and doc.agency not in agencies_of(user):
		frappe.throw(_("Unit {0} is not a unit of your agency.").format(unit), NotYourUnitError)
	if not is_agency_user(user):
		doc.check_permission("write")
	lat, lng = check_coordinates(latitude, longitude)
	doc.latitude, doc.longitude = lat, lng
	if accuracy is not None:
		doc.position_accuracy_m = max(0.0, flt(accuracy))
	doc.flags.ignore_permissions = True  # agency staff may not edit units, only report where theirs is
	doc.save()
	return {
		"unit": doc.name,
		"latitude": doc.latitude,
		"longitude": doc.longitude,
		"kelurahan": doc.kelurahan,
		"position_reported_at": doc.position_reported_at,
	}
