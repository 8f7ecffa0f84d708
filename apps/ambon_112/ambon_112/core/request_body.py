"""The fields of a machine-to-machine POST, read from the bytes of its body alone.

A signature covers the body, so the fields must come from exactly those bytes: never from the URL
(Frappe's ``form_dict`` merges URL parameters into the posted fields) and never guessed from an
ambiguous body (a field given twice is refused: a signer and a reader could take different copies).
"""

import json
from urllib.parse import parse_qsl

from ambon_112.core.errors import CoreError

FORM = "application/x-www-form-urlencoded"
MAX_FIELDS = 100


class MalformedBody(CoreError):
	code = "malformed_body"


class UnsupportedMediaType(MalformedBody):
	code = "unsupported_media_type"


def is_json(mimetype: str) -> bool:
	"""The body is JSON by the same rule Frappe (werkzeug's ``Request.is_json``) applies."""
	return mimetype == "application/json" or (
		mimetype.startswith("application/") and mimetype.endswith("+json")
	)


def parse_fields(body: bytes, mimetype: str) -> dict:
	"""The posted fields of a form-encoded body (also when no type is given) or of a JSON object."""
	mimetype = (mimetype or "").strip().lower()
	if is_json(mimetype):
		return _json_object(_text(body))
	if mimetype in ("", FORM):
		return _form(_text(body))
	raise UnsupportedMediaType("send the fields form-encoded or as a JSON object", mimetype=mimetype[:60])


def _text(body: bytes) -> str:
	try:
		return body.decode("utf-8")
	except UnicodeDecodeError as e:
		raise MalformedBody("the body is not UTF-8") from e


def _form(text: str) -> dict:
	try:
		pairs = parse_qsl(
			text, keep_blank_values=True, encoding="utf-8", errors="strict", max_num_fields=MAX_FIELDS
		)
	except UnicodeDecodeError as e:
		raise MalformedBody("a form field is not UTF-8 once decoded") from e
	except ValueError as e:  # more than MAX_FIELDS fields
		raise MalformedBody("too many fields") from e
	return _unique(pairs)


def _json_object(text: str) -> dict:
	try:
		value = json.loads(text, object_pairs_hook=_unique)
	except MalformedBody:
		raise
	except (ValueError, RecursionError) as e:
		raise MalformedBody("the body is not valid JSON") from e
	if not isinstance(value, dict):
		raise MalformedBody("the body is JSON but not an object of fields")
	return value


def _unique(pairs) -> dict:
	fields = {}
	for key, value in pairs:
		if key in fields:
			raise MalformedBody("a field is given twice", field=str(key)[:60])
		fields[key] = value
	return fields
