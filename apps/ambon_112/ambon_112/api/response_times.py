"""Per-segment response times of an incident or a dispatch, for the forms and reports."""

import frappe

from ambon_112.dispatch.response_times import dispatch_report, incident_report


@frappe.whitelist()
def for_incident(incident: str) -> dict:
	doc = frappe.get_doc("Incident", incident)
	doc.check_permission("read")
	return incident_report(doc)


@frappe.whitelist()
def for_dispatch(dispatch: str) -> dict:
	doc = frappe.get_doc("Dispatch", dispatch)
	doc.check_permission("read")
	return dispatch_report(doc)
