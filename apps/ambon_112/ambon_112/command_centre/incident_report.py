"""What the "Incident Report" print format shows: the incident's timeline, calls, dispatches, notes.

Registered as a Jinja method (hooks.py) and called by the template with the document being
printed. That document may be one a client made up: ``frappe.www.printview.get_html_and_style``
accepts a posted ``doc`` and checks only read permission on its name. So everything here is read
from the stored incident of that name, which the user must be allowed to read, and the template
prints that stored incident. Each part is then limited to what the user may see: dispatches
through ``frappe.get_list`` (an agency sees its own), and the caller's name, number and the call
notes by ambon_112.security.caller_data.
"""

import frappe
from frappe import _, _lt
from frappe.utils import escape_html, format_datetime, get_datetime, get_fullname

from ambon_112.core.durations import clock, seconds_between
from ambon_112.core.plain_text import html_to_text
from ambon_112.security import caller_data

# The incident's milestones in the order an incident lives them: (label, where the time comes from).
MILESTONES = (
	(_lt("First call received"), "reported_at"),
	(_lt("First call answered"), "first_answered_at"),
	(_lt("Triaged"), "triaged_at"),
	(_lt("First dispatch"), "first_dispatch_at"),
	(_lt("First acknowledgement"), "first_acknowledged_at"),
	(_lt("First unit en route"), "first_en_route_at"),
	(_lt("First unit on scene"), "first_on_scene_at"),
	(_lt("Resolved"), "resolved_at"),
	(_lt("Closed"), "closed_at"),
)
# The segments the centre is measured by: (label, from, to).
SEGMENTS = (
	(_lt("Answer time (first call)"), "reported_at", "first_answered_at"),
	(_lt("Call processing (answer → first dispatch)"), "first_answered_at", "first_dispatch_at"),
	(_lt("Dispatch → acknowledged"), "first_dispatch_at", "first_acknowledged_at"),
	(_lt("Dispatch → on scene"), "first_dispatch_at", "first_on_scene_at"),
	(_lt("Call received → on scene"), "reported_at", "first_on_scene_at"),
	(_lt("Call received → resolved"), "reported_at", "resolved_at"),
)
DISPATCH_STEPS = (
	(_lt("Dispatched"), "dispatched_at", "dispatched_by"),
	(_lt("Acknowledged"), "acknowledged_at", "acknowledged_by"),
	(_lt("En Route"), "en_route_at", "en_route_by"),
	(_lt("On Scene"), "on_scene_at", "on_scene_by"),
	(_lt("Cleared"), "cleared_at", "cleared_by"),
	(_lt("Cancelled"), "cancelled_at", "cancelled_by"),
)


def ambon112_incident_report(posted) -> dict:
	"""Everything the template prints about the stored incident named like ``posted``, already formatted."""
	doc = stored_incident(posted)
	show_caller = caller_data.may_see_caller(doc.name)
	calls = _calls(doc, show_caller)
	moments = {field: doc.get(field) for _label, field in MILESTONES}
	moments["first_answered_at"] = min((c.answered_at for c in calls if c.answered_at), default=None)
	dispatches = _dispatches(doc)
	return {
		"incident": doc,
		"generated_at": when(frappe.utils.now_datetime()),
		"generated_by": get_fullname(frappe.session.user),
		"kelurahan": _area_name(doc.kelurahan),
		"kecamatan": _area_name(doc.kecamatan),
		"milestones": _milestones(moments),
		"segments": [
			{"label": str(label), "duration": clock(seconds_between(moments[start], moments[end]))}
			for label, start, end in SEGMENTS
			if moments[start] and moments[end]
		],
		"calls": calls,
		"show_caller": show_caller,
		"dispatches": dispatches,
		"notes": _notes(doc),
	}


def when(value) -> str:
	return f"{format_datetime(value, 'dd-MM-yyyy HH:mm:ss')} WIT" if value else ""


def stored_incident(posted):
	"""The incident as stored under the posted document's name, if the user may read it."""
	if not (posted.get("name") and frappe.db.exists("Incident", posted.name)):
		raise frappe.DoesNotExistError(_("Incident {0} not found.").format(escape_html(posted.get("name"))))
	doc = frappe.get_doc("Incident", posted.name)
	doc.check_permission("read")
	return doc


def _milestones(moments: dict) -> list[dict]:
	start = moments.get("reported_at")
	rows = []
	for label, field in MILESTONES:
		if not moments.get(field):
			continue
		moment = get_datetime(moments[field])
		rows.append(
			{
				"label": str(label),
				"at": when(moment),
				"since_start": clock(seconds_between(start, moment)) if start else "",
				"_sort": moment,
			}
		)
	rows.sort(key=lambda r: r.pop("_sort"))
	return rows


def _calls(doc, show: bool) -> list:
	# Agency users cannot list Emergency Call; the report shows them its timing, the caller only if allowed.
	calls = frappe.get_all(
		"Emergency Call",
		filters={"incident": doc.name},
		fields=[
			"name",
			"received_at",
			"answered_at",
			"ended_at",
			"answer_delay_seconds",
			"duration_seconds",
			"channel",
			"classification",
			"call_state",
			"caller_name",
			"caller_number",
			"notes",
			"operator",
		],
		order_by="received_at asc",
	)
	for call in calls:
		call.received = when(call.received_at)
		call.answered = when(call.answered_at)
		call.ended = when(call.ended_at)
		call.answer_delay = clock(call.answer_delay_seconds)
		call.duration = clock(call.duration_seconds)
		call.operator_name = get_fullname(call.operator) if call.operator else ""
		call.state = _(call.call_state) if call.call_state else ""
		call.classification = _(call.classification) if call.classification else ""
		call.channel = _(call.channel) if call.channel else ""
		if not show:
			call.caller_name = call.caller_number = call.notes = None
	return calls


def _dispatches(doc) -> list:
	if not frappe.has_permission("Dispatch", "read"):
		return []
	dispatches = frappe.get_list(
		"Dispatch",
		filters={"incident": doc.name},
		fields=[
			"name",
			"agency",
			"unit",
			"status",
			"instructions",
			"agency_notes",
			"cancel_reason",
			*[field for _label, at, by in DISPATCH_STEPS for field in (at, by)],
		],
		order_by="dispatched_at asc",
		limit_page_length=0,
	)
	for dispatch in dispatches:
		dispatch.status_label = _(dispatch.status)
		dispatch.steps = [
			{
				"label": str(label),
				"at": when(dispatch.get(at)),
				"by": get_fullname(dispatch.get(by)) if dispatch.get(by) else "",
				"since_dispatch": clock(seconds_between(dispatch.dispatched_at, dispatch.get(at))),
			}
			for label, at, by in DISPATCH_STEPS
			if dispatch.get(at)
		]
	return dispatches


def _notes(doc) -> list[dict]:
	comments = frappe.get_all(
		"Comment",
		filters={"reference_doctype": "Incident", "reference_name": doc.name, "comment_type": "Comment"},
		fields=["content", "comment_email", "owner", "creation"],
		order_by="creation asc",
	)
	return [
		{
			"at": when(c.creation),
			"by": get_fullname(c.owner),
			# Text, escaped by the template: sanitize_html lets anything that parses as JSON through.
			"content": html_to_text(c.content),
		}
		for c in comments
	]


def _area_name(code) -> str:
	return frappe.db.get_value("Ambon Area", code, "area_name") if code else ""
