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


class InvalidEscalationPolicyError(frappe.ValidationError):
	pass


class EscalationLogReadOnlyError(frappe.ValidationError):
	"""Escalation logs are written by the escalation engine; people only acknowledge them."""
