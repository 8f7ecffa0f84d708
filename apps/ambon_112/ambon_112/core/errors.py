"""Errors raised by the core, each with a stable code.

The core does not translate: the Frappe layer maps ``code`` to a translated message
(``ambon_112.utils.messages``) so the same rule reads well in Bahasa Indonesia and English.
"""


class CoreError(ValueError):
	code = "invalid"

	def __init__(self, message: str, **params):
		super().__init__(message)
		self.params = params


class InvalidCoordinate(CoreError):
	code = "invalid_coordinate"
