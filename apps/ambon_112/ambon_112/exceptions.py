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


class InvalidReportFilterError(frappe.ValidationError):
	"""A report was given a filter value it does not know (a grouping, an interval, a priority)."""


class InvalidReportPeriodError(InvalidReportFilterError):
	"""A report period that is not a date, ends before it starts, or is too long to compute."""
