"""Advanced Mobile Location reports: logged, then attached to the caller's emergency call.

Every report becomes an AML Location record with its raw text exactly as received. A usable
position is kept even when the message is odd (core.aml lists how): the record lists each
warning, and the call it is attached to shows them to the operator. A report whose position
cannot be trusted keeps its raw text and the reason, and never stops intake. A readable fix is
attached to the call from the same number received within the configured window, whichever of
the two arrives first. *Strict AML Parsing* in Ambon 112 Settings refuses every odd message.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

import frappe
from frappe.utils import add_to_date, get_datetime, get_system_timezone, now_datetime

from ambon_112.core import aml as core
from ambon_112.intake.aml_messages import refusal_text, site_language, warning_text
from ambon_112.settings import setting

AML = "AML Location"
CALL = "Emergency Call"
PARSED, NO_FIX, UNPARSABLE = "Parsed", "No Fix", "Unparsable"
# A location the operator set by hand (or heard from the caller) is never overwritten by AML.
HAND_SET_SOURCES = ("Operator", "Map Pin", "Caller")


def receive_sms(text: str, sender: str | None) -> dict:
	try:
		report, error = core.parse_sms(text, strict=strict()), None
	except core.AmlError as e:
		report, error = None, e
	return _record("SMS", text, report, error, device_number=sender)


def receive_https(form: dict, raw: str) -> dict:
	try:
		report, error = core.parse_https(form, strict=strict()), None
	except core.AmlError as e:
		report, error = None, e
	device_number = report.device_number if report else form.get("device_number")
	return _record("HTTPS", raw, report, error, device_number=device_number)


def strict() -> bool:
	return bool(int(setting("aml_strict_parsing") or 0))


def _record(transport: str, raw: str, report, error, device_number) -> dict:
	doc = frappe.get_doc(
		{
			"doctype": AML,
			"transport": transport,
			"received_at": now_datetime(),
			"raw_message": raw,
			"device_number": (str(device_number)[:64] if device_number else None),
		}
	)
	if report:
		doc.update(_report_fields(report))
	else:
		doc.parse_status = UNPARSABLE
		doc.parse_error = refusal_text(error)
	doc.insert()
	call = None
	if doc.parse_status == PARSED:
		call = matching_call(doc)
		if call and apply_report(call, doc):
			call.save()
		if call:
			doc.db_set("emergency_call", call.name, update_modified=False)
		else:
			_mark_waiting(doc.device_number_normalized)
	return {
		"aml_location": doc.name,
		"parse_status": doc.parse_status,
		"warnings": [w.code for w in doc.warnings],
		"emergency_call": call and call.name,
	}


def _report_fields(report: core.AmlReport) -> dict:
	fields = {
		"parse_status": PARSED if report.has_fix else NO_FIX,
		"emergency_number": report.emergency_number,
		"imsi": report.imsi,
		"imei": report.imei,
		"mcc": report.mcc,
		"mnc": report.mnc,
		"positioning_method": report.method,
		"confidence": report.confidence,
		"located_at": _local(report.located_at),
		"decoded_message": report.text,
		"has_warnings": int(bool(report.warnings)),
		"warnings": _warning_rows(report.warnings),
	}
	if report.has_fix:
		fields.update(latitude=report.latitude, longitude=report.longitude, radius_m=report.radius_m)
	return fields


def _warning_rows(warnings: tuple[core.AmlWarning, ...]) -> list[dict]:
	lang = site_language()
	return [{"code": w.code, "message": warning_text(w.code, w.params, lang)} for w in warnings]


def warnings_summary(aml) -> str | None:
	"""The report's warnings as the operator reads them on the call (None when there are none)."""
	return "\n".join(row.message for row in aml.get("warnings") or []) or None


def matching_call(aml):
	"""The newest call from the same number received within the window around the report."""
	if not aml.device_number_normalized:
		return None
	window = int(setting("aml_match_window_minutes"))
	received = get_datetime(aml.received_at)
	name = frappe.db.get_value(
		CALL,
		{
			"caller_number_normalized": aml.device_number_normalized,
			"received_at": (
				"between",
				(add_to_date(received, minutes=-window), add_to_date(received, minutes=window)),
			),
		},
		"name",
		order_by="received_at desc",
	)
	return frappe.get_doc(CALL, name, for_update=True) if name else None


def waiting_report(call):
	"""A report that arrived before its call: the newest unattached fix from the same number."""
	if not call.caller_number_normalized or not call.received_at:
		return None
	if not frappe.cache.get_value(_waiting_key(call.caller_number_normalized)):
		return None  # no report waits for this number: spare every incoming call a query
	window = int(setting("aml_match_window_minutes"))
	received = get_datetime(call.received_at)
	name = frappe.db.get_value(
		AML,
		{
			"device_number_normalized": call.caller_number_normalized,
			"parse_status": PARSED,
			"emergency_call": ("is", "not set"),
			"received_at": (
				"between",
				(add_to_date(received, minutes=-window), add_to_date(received, minutes=window)),
			),
		},
		"name",
		order_by="received_at desc",
	)
	return frappe.get_doc(AML, name) if name else None


def _waiting_key(number_key: str) -> str:
	return f"ambon112:aml_waiting:{number_key}"


def _mark_waiting(number_key: str | None):
	if number_key:
		window = int(setting("aml_match_window_minutes"))
		frappe.cache.set_value(_waiting_key(number_key), 1, expires_in_sec=max(60, window * 60 * 2))


def apply_report(call, aml) -> bool:
	"""Put the report's fix on the call (not saved); False when the call keeps its location."""
	if call.aml_location == aml.name:
		return False
	if call.location_source in HAND_SET_SOURCES:
		if call.aml_location:
			return False
		call.aml_location = aml.name  # shown beside the operator's location, not over it
		call.aml_warning = warnings_summary(aml)
		return True
	if call.aml_location and _newer_fix_kept(call, aml):
		return False
	call.update(
		{
			"latitude": aml.latitude,
			"longitude": aml.longitude,
			"location_accuracy_m": aml.radius_m,
			"location_source": "AML",
			"location_time": aml.located_at or aml.received_at,
			"aml_location": aml.name,
			"aml_warning": warnings_summary(aml),
		}
	)
	return True


def _newer_fix_kept(call, aml) -> bool:
	current = frappe.db.get_value(AML, call.aml_location, ["located_at", "received_at"], as_dict=True)
	if not current:
		return False
	current_time = current.located_at or current.received_at
	new_time = aml.located_at or aml.received_at
	return get_datetime(current_time) > get_datetime(new_time)


def _local(value: datetime | None) -> datetime | None:
	if value is None:
		return None
	return value.astimezone(ZoneInfo(get_system_timezone())).replace(tzinfo=None)
