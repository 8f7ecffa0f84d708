"""Errors raised by the core, each with a stable code and its parameters.

The core does not translate: the Frappe code that calls it catches the error and raises its own
translated message (an ``ambon_112.exceptions`` class), so the same rule reads well in Bahasa
Indonesia and English.
"""


class CoreError(ValueError):
	code = "invalid"

	def __init__(self, message: str, **params):
		super().__init__(message)
		self.params = params


class InvalidCoordinate(CoreError):
	code = "invalid_coordinate"
