import frappe


class InvalidCoordinateError(frappe.ValidationError):
	pass


class RecordNeverDeletedError(frappe.PermissionError):
	"""Calls, incidents and dispatches are evidence: they are classified or cancelled, never deleted."""


class InvalidStatusTransitionError(frappe.ValidationError):
	pass


class UnitNotAvailableError(frappe.ValidationError):
	pass


class UnitAgencyMismatchError(frappe.ValidationError):
	pass


class DuplicateIncidentError(frappe.ValidationError):
	pass


class InvalidReportPeriodError(frappe.ValidationError):
	"""A report was asked for a period that ends before it starts, or is too long to compute."""
