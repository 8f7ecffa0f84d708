"""Telling people: the agency about a new dispatch, the unit board about a change.

The agency's room is its Agency document's room (``doc:Agency/<name>``): Frappe v15's socket.io
server lets a browser join a document room only after ``frappe.realtime.can_subscribe_doc`` says
the user may read that document, and ambon_112.permissions lets an agency user read only their
own agency. So one publish reaches every open portal of the agency and no one else's.
"""

import frappe
from frappe import _
from frappe.realtime import get_doc_room, get_doctype_room
from frappe.utils import strip_html

DISPATCH_EVENT = "ambon112_dispatch"
BOARD_EVENT = "ambon112_board_changed"
# The agency portal joins its agency's document room; see agency_room().
# The unit board subscribes to this doctype room (frappe.realtime.doctype_subscribe).
BOARD_ROOM = get_doctype_room("Emergency Unit")


def agency_room(agency: str) -> str:
	return get_doc_room("Agency", agency)


def agency_members(agency: str) -> list[str]:
	"""Enabled users listed as members of the agency."""
	members = frappe.get_all(
		"Agency Member", filters={"parent": agency, "parenttype": "Agency"}, pluck="user", order_by="idx"
	)
	if not members:
		return []
	enabled = set(frappe.get_all("User", filters={"name": ("in", members), "enabled": 1}, pluck="name"))
	return [m for m in members if m in enabled]


def outgoing_email_configured() -> bool:
	return bool(frappe.db.exists("Email Account", {"enable_outgoing": 1}) or frappe.conf.get("mail_server"))


def notify_agency(dispatch) -> dict:
	"""A desk notification for each member, one realtime event to the agency's room, an e-mail to the
	agency's address. A drill's dispatch tells no one unless its trainer included the agencies (the
	stored Dispatch.hidden_from_agencies, decided at its creation by training/guard.py)."""
	if dispatch.hidden_from_agencies:
		return {"members": [], "emailed": False, "exercise": True}
	incident = frappe.db.get_value(
		"Incident", dispatch.incident, ["title", "priority", "incident_type", "kelurahan"], as_dict=True
	)
	subject = _("Dispatch {0}: {1} ({2}), unit {3}").format(
		dispatch.name, incident.title, incident.priority or "-", dispatch.unit or _("to be chosen")
	)
	members = agency_members(dispatch.agency)
	for user in members:
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"from_user": frappe.session.user,
				"type": "Alert",
				"document_type": "Dispatch",
				"document_name": dispatch.name,
				"subject": subject,
				"email_content": dispatch.instructions,
			}
		).insert(ignore_permissions=True)
	frappe.publish_realtime(
		DISPATCH_EVENT,
		{
			"dispatch": dispatch.name,
			"incident": dispatch.incident,
			"unit": dispatch.unit,
			"agency": dispatch.agency,
			"priority": incident.priority,
			"incident_type": incident.incident_type,
			"title": incident.title,
			"subject": subject,
			# The portal's alert says LATIHAN for a drill's dispatch (read from the stored incident).
			"is_exercise": incident.is_exercise,
		},
		room=agency_room(dispatch.agency),
		after_commit=True,
	)
	emailed = email_agency(dispatch, subject)
	return {"members": members, "emailed": emailed}


def email_agency(dispatch, subject: str) -> list[str]:
	"""E-mail the agency's own address, when it has one and the site can send mail at all."""
	address = frappe.db.get_value("Agency", dispatch.agency, "email")
	if not address or not outgoing_email_configured():
		return []
	message = "<p>{}</p><p>{}</p>".format(
		frappe.utils.escape_html(subject),
		frappe.utils.escape_html(strip_html(dispatch.instructions or "")),
	)
	frappe.sendmail(
		recipients=[address],
		subject=subject,
		message=message,
		reference_doctype="Dispatch",
		reference_name=dispatch.name,
	)
	return [address]


def publish_board_change(doc):
	"""Tell open unit boards to reload. The message names nothing: every reader of Emergency Unit
	may join that room, agency users too, and the board fetches what each user may see."""
	frappe.publish_realtime(BOARD_EVENT, {"doctype": doc.doctype}, room=BOARD_ROOM, after_commit=True)
