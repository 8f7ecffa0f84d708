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


# Call intake (issue 3): bad requests from the PBX or the AML provider are 4xx, never 500.
class IntakeRequestError(frappe.ValidationError):
	http_status_code = 400


class InvalidCallEventError(IntakeRequestError):
	pass


class RequestTooLargeError(IntakeRequestError):
	http_status_code = 413


class InvalidSignatureError(frappe.AuthenticationError):
	"""The HMAC signature of a PBX event is missing or does not match the shared secret."""


class InvalidTriageAnswerError(frappe.ValidationError):
	pass


class TriageQuestionError(frappe.ValidationError):
	pass


class CallClassificationError(frappe.ValidationError):
	pass


class CallerWatchError(frappe.ValidationError):
	pass


class OperatorPositionError(frappe.ValidationError):
	pass
