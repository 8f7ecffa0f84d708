"""What each role may and may not do, through Frappe's own permission checks."""

import frappe
import pytest

from ambon_112.roles import ADMINISTRATOR, AGENCY_STAFF, INTEGRATION, OPERATOR, SUPERVISOR, VIEWER
from ambon_112.tests.utils import make_agency, make_call, make_dispatch, make_incident, make_unit, make_user

CENTRE = (OPERATOR, SUPERVISOR, ADMINISTRATOR, VIEWER, INTEGRATION)
EVIDENCE = ("Emergency Call", "Incident", "Dispatch")


@pytest.fixture
def users():
	return {role: make_user([role]) for role in (*CENTRE, "System Manager")}


def test_nobody_may_delete_calls_incidents_or_dispatches(users):
	for doctype in EVIDENCE:
		for role, user in users.items():
			assert not frappe.has_permission(doctype, "delete", user=user), (doctype, role)


def test_operator_records_calls_incidents_and_dispatches(users):
	agency = make_agency()
	unit = make_unit(agency)
	frappe.set_user(users[OPERATOR])
	call = frappe.get_doc({"doctype": "Emergency Call", "caller_number": "081200001111"}).insert()
	incident = frappe.get_doc({"doctype": "Incident", "title": "Banjir", "incident_type": "Flood"}).insert()
	call.incident = incident.name
	call.save()
	dispatch = frappe.get_doc({"doctype": "Dispatch", "incident": incident.name, "unit": unit}).insert()
	assert dispatch.dispatched_by == users[OPERATOR]


def test_configuration_belongs_to_the_administrators(users):
	for doctype in ("Agency", "Incident Type", "Ambon Area", "Emergency Unit Type", "Agency Type"):
		assert frappe.has_permission(doctype, "create", user=users[ADMINISTRATOR]), doctype
		assert not frappe.has_permission(doctype, "create", user=users[OPERATOR]), doctype
		assert frappe.has_permission(doctype, "read", user=users[OPERATOR]), doctype
	assert frappe.has_permission("Emergency Unit", "write", user=users[SUPERVISOR])
	assert not frappe.has_permission("Emergency Unit", "write", user=users[OPERATOR])


def test_viewer_reads_but_never_writes(users):
	for doctype in EVIDENCE:
		assert frappe.has_permission(doctype, "read", user=users[VIEWER]), doctype
		assert not frappe.has_permission(doctype, "create", user=users[VIEWER]), doctype
		assert not frappe.has_permission(doctype, "write", user=users[VIEWER]), doctype


def test_caller_personal_data_is_hidden_from_the_viewer(users):
	name = make_call(caller_number="081298765432", caller_name="Bapak Yosef").name
	frappe.set_user(users[VIEWER])
	doc = frappe.get_doc("Emergency Call", name)
	doc.apply_fieldlevel_read_permissions()
	assert not (doc.get("caller_number") or doc.get("caller_name") or doc.get("caller_number_normalized"))
	frappe.set_user(users[OPERATOR])
	doc = frappe.get_doc("Emergency Call", name)
	doc.apply_fieldlevel_read_permissions()
	assert (doc.caller_number, doc.caller_name) == ("081298765432", "Bapak Yosef")


def test_agency_user_sees_only_its_own_agency():
	own, other = make_agency("Fire"), make_agency("Police")
	own_unit, other_unit = make_unit(own), make_unit(other, "Police Patrol")
	own_dispatch = make_dispatch(make_incident().name, unit=own_unit)
	other_incident = make_incident()
	other_dispatch = make_dispatch(other_incident.name, unit=other_unit)
	user = make_user([AGENCY_STAFF], agency=own)

	frappe.set_user(user)
	assert frappe.get_list("Dispatch", pluck="name") == [own_dispatch.name]
	assert frappe.get_list("Incident", pluck="name") == [own_dispatch.incident]
	assert frappe.get_list("Emergency Unit", pluck="name") == [own_unit]
	assert frappe.get_list("Agency", pluck="name") == [own]
	assert frappe.has_permission("Dispatch", "read", doc=own_dispatch.name)
	assert frappe.has_permission("Dispatch", "write", doc=own_dispatch.name)
	assert not frappe.has_permission("Dispatch", "read", doc=other_dispatch.name)
	assert not frappe.has_permission("Incident", "read", doc=other_incident.name)
	assert not frappe.has_permission("Emergency Unit", "read", doc=other_unit)
	assert not frappe.has_permission("Emergency Call", "read")
	assert not frappe.has_permission("Dispatch", "create")
	with pytest.raises(frappe.PermissionError):
		frappe.get_list("Emergency Call")


def test_agency_user_without_membership_sees_nothing():
	make_dispatch(make_incident().name, agency=make_agency())
	frappe.set_user(make_user([AGENCY_STAFF]))
	assert frappe.get_list("Dispatch") == []
	assert frappe.get_list("Incident") == []


def test_agency_user_cannot_use_the_desk():
	user = make_user([AGENCY_STAFF], agency=make_agency())
	assert frappe.db.get_value("User", user, "user_type") == "Website User"
