"""Crew statuses by SMS, when mobile data fails entirely: ``112 DSP-2026-00017 OS``.

The centre's SMS gateway posts each text it receives (with the sender's number) to
``ambon_112.api.field_sms.receive``, authenticated like the PBX. The text is read strictly
(``core.field_updates.parse_sms``); the sender's number must be a member's mobile number on the
agency of the named dispatch (Agency → Portal Users); the update then goes through the portal's own
exactly-once path as that member (``portal.field_updates.apply_one``), so a gateway that replays a
message changes nothing. The answer carries the reply text the gateway sends back. Every text,
understood or not, is logged as an Integration Request; unknown senders and malformed texts change
nothing else.
"""

import hashlib
from datetime import datetime
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.utils import get_datetime, get_system_timezone, now_datetime

from ambon_112.core import field_updates as fu
from ambon_112.core.phone import normalize
from ambon_112.portal.field_updates import apply_one
from ambon_112.settings import setting

SERVICE = "Ambon 112 SMS"


def receive(fields: dict) -> dict:
	sender = str(fields.get("sender") or fields.get("from") or "").strip()
	text = str(fields.get("text") or fields.get("message") or "")
	try:
		report = fu.parse_sms(text)
	except fu.SmsFormatError:
		return _logged(fields, None, {"accepted": 0, "reply": not_understood()})
	member = member_for(sender, report.dispatch)
	if not member:
		reply = _("112: number {0} is not registered for dispatch {1}. Nothing was changed.").format(
			sender or "-", report.dispatch
		)
		return _logged(fields, report.dispatch, {"accepted": 0, "reply": reply})
	update = {
		"client_id": client_id(fields, sender, text),
		"dispatch": report.dispatch,
		"kind": fu.STATUS if report.meaning in fu.CREW_STATUSES else report.meaning,
		"status": report.meaning if report.meaning in fu.CREW_STATUSES else None,
		"pressed_at": sent_at_ms(fields),
	}
	gateway_user = frappe.session.user
	frappe.set_user(member)  # the member's own permissions and name on the stamp
	try:
		answer = apply_one(update, source="SMS", sender_number=normalize(sender).normalized or sender)
	finally:
		frappe.set_user(gateway_user)
	accepted = answer.get("outcome") in (fu.APPLIED, fu.ALREADY_RECORDED, fu.KEPT_AS_NOTE)
	reply = _("112 {0} {1}: {2}").format(report.dispatch, report.code, answer.get("message") or "")
	return _logged(
		fields,
		report.dispatch,
		{"accepted": 1 if accepted else 0, "outcome": answer.get("outcome"), "reply": reply},
	)


def not_understood() -> str:
	codes = ", ".join(f"{code} = {_(meaning)}" for code, meaning in fu.SMS_CODES.items())
	return _("112: message not understood. Send: 112 <dispatch number> <code> ({0}).").format(codes)


def member_for(sender: str, dispatch: str) -> str | None:
	"""The enabled member of the dispatch's agency whose mobile number sent the text, if any."""
	number = normalize(sender, setting("default_area_code")).normalized
	if not number:
		return None
	agency = frappe.db.get_value("Dispatch", dispatch, "agency")
	if not agency:
		return None
	for row in frappe.get_all(
		"Agency Member",
		filters={"parent": agency, "parenttype": "Agency", "mobile_no": ("is", "set")},
		fields=["user", "mobile_no"],
	):
		if normalize(row.mobile_no, setting("default_area_code")).normalized == number:
			if frappe.db.get_value("User", row.user, "enabled"):
				return row.user
	return None


def client_id(fields: dict, sender: str, text: str) -> str:
	"""The gateway's message id when it gives one, else what makes the message itself unique."""
	key = str(fields.get("message_id") or "") or f"{sender}|{text.strip()}|{fields.get('sent_at') or ''}"
	return "sms-" + hashlib.sha256(key.encode()).hexdigest()[:40]


def sent_at_ms(fields: dict) -> float:
	"""When the crew sent the text (the gateway's ``sent_at``: seconds since the epoch or ISO 8601),
	else now; in milliseconds, as the portal's presses carry it."""
	value = fields.get("sent_at")
	if value in (None, ""):
		return now_ms()
	try:
		return float(value) * 1000
	except (TypeError, ValueError):
		pass
	try:
		moment = datetime.fromisoformat(str(value))
	except ValueError:
		return -1  # refused by the press-time check, with its message
	if moment.tzinfo is None:
		moment = moment.replace(tzinfo=ZoneInfo(get_system_timezone()))
	return moment.timestamp() * 1000


def now_ms() -> float:
	return get_datetime(now_datetime()).replace(tzinfo=ZoneInfo(get_system_timezone())).timestamp() * 1000


def _logged(fields: dict, dispatch: str | None, result: dict) -> dict:
	frappe.get_doc(
		{
			"doctype": "Integration Request",
			"integration_request_service": SERVICE,
			"is_remote_request": 1,
			"request_description": "SMS",
			"request_id": str(fields.get("message_id") or "")[:140] or None,
			"status": "Completed" if result.get("accepted") else "Failed",
			"data": frappe.as_json(fields, indent=1),
			"output": frappe.as_json(result, indent=1),
			"reference_doctype": "Dispatch" if dispatch and frappe.db.exists("Dispatch", dispatch) else None,
			"reference_docname": dispatch if dispatch and frappe.db.exists("Dispatch", dispatch) else None,
		}
	).insert(ignore_permissions=True)
	return result
