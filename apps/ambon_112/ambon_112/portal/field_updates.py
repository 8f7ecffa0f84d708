"""Updates a crew made in the field, applied exactly once, in press order, with their press times.

A phone without signal keeps each press (status, "need more units", note, position, photo) with an
id it generated and the moment it was pressed, and sends them when it can (the portal's sync, or an
SMS through the centre's gateway). Each id is claimed by inserting its *Field Update* row: the
unique index on ``client_id`` makes a second delivery (a retry, the same queue sent from two tabs,
a gateway replaying an SMS) wait for the first and then find it, so it changes nothing and gets the
first answer again. Statuses go through ``dispatch.status.move``, the one write path of the
dispatch's stamps, which stamps the press time after checking it. What an update may do follows
``core.field_updates``: never backwards, never twice, and kept as a note once the centre cancelled.
"""

import base64
import binascii
import hashlib

import frappe
from frappe import _
from frappe.utils import cint, flt, format_datetime, now_datetime

from ambon_112.core import field_updates as fu
from ambon_112.dispatch import status as dispatch_status
from ambon_112.exceptions import FieldUpdateError
from ambon_112.permissions import require_visible
from ambon_112.portal import dispatches
from ambon_112.security.plain_text import strip_markup_from_text_fields
from ambon_112.settings import setting

DOCTYPE = "Field Update"


def apply_batch(updates, source: str = "Portal", sender_number: str | None = None) -> list[dict]:
	"""Apply a phone's queued updates in press order; one answer per update, in that order."""
	updates = frappe.parse_json(updates) if isinstance(updates, str) else updates
	if not isinstance(updates, list) or not all(isinstance(u, dict) for u in updates):
		frappe.throw(_("Expected a list of updates."), FieldUpdateError)
	if len(updates) > fu.MAX_BATCH:
		frappe.throw(_("At most {0} updates at a time.").format(fu.MAX_BATCH), FieldUpdateError)
	return [apply_one(u, source, sender_number) for u in fu.in_press_order(updates)]


def apply_one(update: dict, source: str = "Portal", sender_number: str | None = None) -> dict:
	client_id = update.get("client_id")
	if not fu.valid_client_id(client_id):
		return {
			"client_id": str(client_id)[:64],
			"outcome": fu.REFUSED,
			"message": _("Unreadable update id."),
		}
	earlier = recorded(client_id)
	if earlier:
		return earlier
	claim = _savepoint("claim", client_id)
	frappe.db.savepoint(claim)
	log = frappe.new_doc(DOCTYPE)
	log.update(
		{
			"client_id": client_id,
			"dispatch": str(update.get("dispatch") or "")[:140] or None,
			"kind": update.get("kind") if update.get("kind") in fu.KINDS else None,
			"status": str(update.get("status") or "")[:40] or None,
			"user": frappe.session.user,
			"source": source,
			"sender_number": sender_number,
			"received_at": now_datetime(),
			"outcome": fu.REFUSED,
		}
	)
	log.flags.ignore_links = True  # a refused update may name a dispatch that does not exist
	try:
		log.insert(ignore_permissions=True)  # only this module writes the log
	except (frappe.DuplicateEntryError, frappe.UniqueValidationError):
		# Delivered twice at once: the other request holds the id; its answer is the answer.
		frappe.db.rollback(save_point=claim)
		frappe.clear_messages()
		# A locking read: this transaction's snapshot predates the other's commit.
		return recorded(client_id, latest=True) or {"client_id": client_id, "outcome": fu.ALREADY_RECORDED}
	work = _savepoint("work", client_id)
	frappe.db.savepoint(work)
	try:
		outcome, message = _apply(log, update)
	except (frappe.ValidationError, frappe.PermissionError, frappe.DoesNotExistError) as e:
		frappe.db.rollback(save_point=work)
		frappe.clear_messages()
		outcome, message = fu.REFUSED, str(e) or _("Not allowed.")
	log.outcome, log.message = outcome, message
	# db_update skips the save hooks that clean every text field: the crew's note and a refusal's
	# message (which may quote what the phone sent) are cleaned here the same way.
	strip_markup_from_text_fields(log)
	log.db_update()
	return answer(log)


def recorded(client_id: str, latest: bool = False) -> dict | None:
	"""The answer given to an id before: a second delivery gets it again and changes nothing."""
	row = frappe.db.get_value(
		DOCTYPE,
		{"client_id": client_id},
		["client_id", "dispatch", "outcome", "message", "user"],
		as_dict=True,
		for_update=latest,
	)
	if not row:
		return None
	if row.user != frappe.session.user:
		return {"client_id": client_id, "outcome": fu.REFUSED, "message": _("Unreadable update id.")}
	return answer(row, duplicate=True)


def answer(log, duplicate: bool = False) -> dict:
	status = frappe.db.get_value("Dispatch", log.dispatch, "status") if log.dispatch else None
	return {
		"client_id": log.client_id,
		"dispatch": log.dispatch,
		"outcome": log.outcome,
		"message": log.message,
		"dispatch_status": status,
		"cancelled": status == "Cancelled",
		"duplicate": duplicate,
	}


def _savepoint(what: str, client_id: str) -> str:
	return f"fu_{what}_{hashlib.sha1(client_id.encode()).hexdigest()[:12]}"


def _apply(log, update: dict) -> tuple[str, str]:
	if not log.kind:
		frappe.throw(_("Unknown kind of update."), FieldUpdateError)
	if not log.dispatch:
		frappe.throw(_("The update names no dispatch."), FieldUpdateError)
	require_visible("Dispatch", log.dispatch)
	if not frappe.db.exists("Dispatch", log.dispatch):
		raise frappe.DoesNotExistError(_("Dispatch {0} not found.").format(log.dispatch))
	dispatch = _locked(log.dispatch)
	log.pressed_at = _press_time(update, dispatch)
	log.delivered_late = (
		1 if fu.delivered_late(log.pressed_at, log.received_at, setting("portal_clock_skew_seconds")) else 0
	)
	if log.kind == fu.STATUS:
		return _status(log, dispatch, update)
	if log.kind == fu.NEED_MORE_UNITS:
		return _need_more_units(log, dispatch)
	if log.kind == fu.NOTE:
		return _note(log, dispatch, update)
	if log.kind == fu.POSITION:
		return _position(log, dispatch, update)
	return _photo(log, dispatch, update)


def _locked(name: str):
	"""The dispatch as stored, locked as ``move`` locks it (incident first, then the dispatch)."""
	incident = frappe.db.get_value("Dispatch", name, "incident")
	frappe.db.get_value("Incident", incident, "name", for_update=True)
	return frappe.db.get_value(
		"Dispatch",
		name,
		["name", "status", "dispatched_at", "unit", "need_more_units"],
		as_dict=True,
		for_update=True,
	)


def _press_time(update: dict, dispatch) -> object:
	try:
		pressed = fu.press_time(update.get("pressed_at"), frappe.utils.get_system_timezone())
	except fu.PressTimeError:
		frappe.throw(_("The update carries no readable press time."), FieldUpdateError)
	# The same check ``move`` makes (one rule): not in the future, not before the dispatch.
	return dispatch_status.checked_press_time(dispatch, pressed)


def _status(log, dispatch, update: dict) -> tuple[str, str]:
	if log.status not in fu.CREW_STATUSES:
		frappe.throw(_("Unknown status: {0}.").format(log.status), FieldUpdateError)
	outcome = fu.status_outcome(dispatch.status, log.status)
	if outcome == fu.APPLIED:
		dispatch_status.move(dispatch.name, log.status, pressed_at=log.pressed_at)
		return outcome, _("{0} recorded at {1}.").format(_(log.status), format_datetime(log.pressed_at))
	if outcome == fu.KEPT_AS_NOTE:
		_keep_as_note(dispatch.name, log, _(log.status))
		return outcome, _("Cancelled by 112: your “{0}” is kept as a note.").format(_(log.status))
	if outcome == fu.ALREADY_RECORDED:
		return outcome, _("{0} was already recorded; yours is kept in the log.").format(_(log.status))
	frappe.throw(_("Dispatch {0} is {1}.").format(dispatch.name, _(dispatch.status)), FieldUpdateError)


def _need_more_units(log, dispatch) -> tuple[str, str]:
	if dispatch.status == "Cancelled":
		_keep_as_note(dispatch.name, log, _("Need More Units"))
		return fu.KEPT_AS_NOTE, _("Cancelled by 112: your “{0}” is kept as a note.").format(
			_("Need More Units")
		)
	if cint(dispatch.need_more_units):
		return fu.ALREADY_RECORDED, _("More units were already requested.")
	dispatches.save_report(dispatch.name, need_more_units=1)
	return fu.APPLIED, _("More units requested.")


def _note(log, dispatch, update: dict) -> tuple[str, str]:
	text = str(update.get("notes") or "").strip()
	if not text:
		frappe.throw(_("The note is empty."), FieldUpdateError)
	log.notes = text
	if dispatch.status == "Cancelled":
		_keep_as_note(dispatch.name, log, text)
		return fu.KEPT_AS_NOTE, _("Cancelled by 112: your note is kept.")
	dispatches.save_report(dispatch.name, notes=text)
	return fu.APPLIED, _("Notes saved")


def _keep_as_note(name: str, log, text: str):
	"""A press after the centre cancelled: added to the dispatch's notes, with its press time."""
	doc = frappe.get_doc("Dispatch", name, for_update=True)
	line = f"[{format_datetime(log.pressed_at, 'HH:mm')} {log.user}] {text}"
	doc.agency_notes = "\n".join(text for text in (doc.agency_notes, line) if text)
	doc.flags.ignore_permissions = True  # the agency's own dispatch (require_visible); notes are level 0
	doc.save()


def _position(log, dispatch, update: dict) -> tuple[str, str]:
	if not dispatch.unit:
		frappe.throw(_("Dispatch {0} has no unit to place.").format(dispatch.name), FieldUpdateError)
	log.latitude, log.longitude = flt(update.get("latitude")), flt(update.get("longitude"))
	log.accuracy = flt(update.get("accuracy")) if update.get("accuracy") is not None else None
	shared = dispatches.share_position(
		dispatch.unit, update.get("latitude"), update.get("longitude"), log.accuracy
	)
	return fu.APPLIED, _("Position shared: {0}").format(shared.get("kelurahan") or "")


def _photo(log, dispatch, update: dict) -> tuple[str, str]:
	limit_kb = min(cint(setting("portal_photo_max_kb")), fu.MAX_PHOTO_KB)
	data = str(update.get("data") or "")
	if "," in data[:100] and data.startswith("data:"):
		data = data.split(",", 1)[1]
	if len(data) > (limit_kb * 1024 * 4) // 3 + 8:
		frappe.throw(_("The photo is larger than {0} KB.").format(limit_kb), FieldUpdateError)
	try:
		content = base64.b64decode(data, validate=True)
	except (binascii.Error, ValueError):
		frappe.throw(_("The photo cannot be read."), FieldUpdateError)
	if not content or len(content) > limit_kb * 1024:
		frappe.throw(_("The photo is larger than {0} KB.").format(limit_kb), FieldUpdateError)
	file_name = str(update.get("file_name") or "foto.jpg")[:120]
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"attached_to_doctype": "Dispatch",
			"attached_to_name": dispatch.name,
			"is_private": 1,
			"content": content,
		}
	)
	# The type checks of portal/attachments.py still run; the record is the crew's own dispatch
	# (require_visible), also once the centre cancelled it: evidence is kept.
	file.flags.ignore_permissions = True
	file.insert()
	log.file = file.file_url
	return fu.APPLIED, _("Photo kept: {0}").format(file.file_name)
