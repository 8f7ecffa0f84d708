"""The save-time cleaning itself (ambon_112/security/plain_text.py), in-process on the real site: what the
HTTP battery (test_xss.py) cannot reach, such as saves that skip validation, values the controllers
derive after it, and text stored before the cleaning existed."""

import frappe
import pytest

from ambon_112.exceptions import InvalidNameError
from ambon_112.patches import strip_markup_from_stored_text
from ambon_112.tests.utils import PNG, make_agency, make_dispatch, make_incident, unique
from tests.integration.xss import PAYLOADS, Executable, has_markup, text_fields


def test_markup_is_removed_even_when_validation_is_skipped():
	doc = frappe.get_doc(
		{
			"doctype": "Incident",
			"title": f"Kebakaran {PAYLOADS['json-quoted']}",
			"incident_type": "Fire",
			"priority": "P2",
			"hazards": PAYLOADS["svg"] + "Tabung gas",
		}
	)
	doc.flags.ignore_validate = True
	doc.insert(ignore_permissions=True)
	stored = frappe.db.get_value("Incident", doc.name, ["title", "hazards"], as_dict=True)
	assert stored.title == 'Kebakaran ""' and stored.hazards == "Tabung gas"


def test_child_rows_are_cleaned_too():
	agency = frappe.get_doc(
		{
			"doctype": "Agency",
			"agency_name": unique("Agency"),
			"abbreviation": unique("A"),
			"agency_type": "Fire",
			"contacts": [{"label": f"Piket {PAYLOADS['plain']}malam"}],
		}
	).insert(ignore_permissions=True)
	assert agency.contacts[0].label == "Piket malam"
	assert frappe.db.get_value("Agency Contact", agency.contacts[0].name, "label") == "Piket malam"


def test_what_a_controller_derives_from_the_text_is_cleaned_as_well():
	"""The number "as received" neutralised keeps its spaces; normalising drops them, and the
	pieces would close up into a tag again."""
	call = frappe.get_doc(
		{
			"doctype": "Emergency Call",
			"received_at": frappe.utils.now_datetime(),
			"caller_number": PAYLOADS["unclosed"],
		}
	).insert(ignore_permissions=True)
	for field in text_fields("Emergency Call"):
		assert not has_markup(call.get(field)), (field, call.get(field))


def test_a_name_made_from_a_field_may_not_break_an_attribute():
	with pytest.raises(InvalidNameError):
		frappe.get_doc(
			{"doctype": "Unit Capability", "capability_name": f'{unique("Kemampuan")} "x"'}
		).insert(ignore_permissions=True)
	# An apostrophe, as in many Indonesian names, is fine; markup goes before the record is named.
	name = (
		frappe.get_doc({"doctype": "Unit Capability", "capability_name": f"<b>{unique('Jum')}'at</b>"})
		.insert(ignore_permissions=True)
		.name
	)
	assert "<" not in name and name.endswith("'at")


def test_a_file_attached_to_an_app_record_gets_a_name_without_markup():
	dispatch = make_dispatch(make_incident().name, agency=make_agency())
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"{PAYLOADS['unclosed']}.png",
			"content": PNG + frappe.generate_hash().encode(),
			"attached_to_doctype": "Dispatch",
			"attached_to_name": dispatch.name,
			"is_private": 1,
		}
	).insert(ignore_permissions=True)
	assert not has_markup(file.file_name)
	attachment = frappe.get_all(
		"Comment",
		{"reference_doctype": "Dispatch", "reference_name": dispatch.name, "comment_type": "Attachment"},
		pluck="content",
	)
	assert attachment and not Executable(attachment[0]).found, attachment


def test_text_stored_before_the_cleaning_is_cleaned_by_the_patch():
	incident = make_incident()
	aml = frappe.get_doc(
		{"doctype": "AML Location", "received_at": frappe.utils.now_datetime(), "transport": "SMS"}
	).insert(ignore_permissions=True)
	# As an older version of the app stored them: written around the save.
	frappe.db.set_value(
		"Incident", incident.name, "landmark", PAYLOADS["plain"] + "Pasar", update_modified=False
	)
	frappe.db.set_value("AML Location", aml.name, "raw_message", PAYLOADS["plain"], update_modified=False)
	modified = frappe.db.get_value("Incident", incident.name, "modified")

	strip_markup_from_stored_text.execute()

	assert frappe.db.get_value("Incident", incident.name, "landmark") == "Pasar"
	assert frappe.db.get_value("Incident", incident.name, "modified") == modified
	assert frappe.db.get_value("AML Location", aml.name, "raw_message") == PAYLOADS["plain"]
