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


class InvalidSettingError(frappe.ValidationError):
	pass


class IncidentClosedError(frappe.ValidationError):
	"""Units are sent only to an open incident."""


class NothingToDispatchError(frappe.ValidationError):
	pass


class UnknownUnitError(frappe.ValidationError):
	pass


class CancelReasonRequiredError(frappe.ValidationError):
	pass


class CancelNotAllowedError(frappe.PermissionError):
	"""Only the 112 centre cancels a dispatch; an agency reports back instead."""


class InvalidEscalationPolicyError(frappe.ValidationError):
	pass


class EscalationLogReadOnlyError(frappe.ValidationError):
	"""Escalation logs are written by the escalation engine; people only acknowledge them."""


class InvalidReportFilterError(frappe.ValidationError):
	"""A report was given a filter value it does not know (a grouping, an interval, a priority)."""


class InvalidReportPeriodError(InvalidReportFilterError):
	"""A report period that is not a date, ends before it starts, or is too long to compute."""


class NotYourUnitError(frappe.PermissionError):
	"""An agency user reporting the position of another agency's unit."""


# Call intake: bad requests from the PBX or the AML provider are 4xx, never 500.
class IntakeRequestError(frappe.ValidationError):
	http_status_code = 400


class InvalidCallEventError(IntakeRequestError):
	pass


class RequestTooLargeError(IntakeRequestError):
	http_status_code = 413


class MalformedRequestError(IntakeRequestError):
	"""A body that cannot be read as fields, or fields sent in the URL where only the body is signed."""


class UnsupportedMediaTypeError(MalformedRequestError):
	http_status_code = 415


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


class InvalidNameError(frappe.ValidationError):
	"""A record's name would break out of the HTML attributes Frappe prints names in."""


class PressTimeRefusedError(frappe.ValidationError):
	"""A crew's press time lies in the future or before its dispatch."""


class FieldUpdateError(frappe.ValidationError):
	"""A field update (portal sync or SMS) that cannot be read."""


class CallbackOutcomeError(frappe.ValidationError):
	"""A callback outcome that is not one, or for a task already done (console/callbacks.py)."""
