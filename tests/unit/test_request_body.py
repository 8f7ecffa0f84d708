import pytest

from ambon_112.core.request_body import MalformedBody, UnsupportedMediaType, is_json, parse_fields

FORM = "application/x-www-form-urlencoded"


def test_form_fields_are_read_from_the_body_as_posted():
	body = b"call_id=1771038000.42&event=ringing&caller=%2B6281243551234&agent="
	assert parse_fields(body, FORM) == {
		"call_id": "1771038000.42",
		"event": "ringing",
		"caller": "+6281243551234",
		"agent": "",
	}


def test_a_body_without_a_content_type_is_read_as_a_form():
	assert parse_fields(b"event=ringing", "") == {"event": "ringing"}


def test_a_json_object_keeps_its_values():
	assert parse_fields(b'{"call_id": "x1", "timestamp": 1771038000}', "application/json") == {
		"call_id": "x1",
		"timestamp": 1771038000,
	}
	assert is_json("application/vnd.pbx+json") and not is_json("text/json")


@pytest.mark.parametrize(
	"body, mimetype",
	[
		(b"caller=1&caller=2", FORM),  # which one did the signer mean?
		(b'{"caller": "1", "caller": "2"}', "application/json"),
		(b'{"call_id": "x1"', "application/json"),
		(b"", "application/json"),
		(b'[{"call_id": "x1"}]', "application/json"),
		(b"[" * 5000, "application/json"),
		(b"caller=\xff", FORM),
		(b"caller=%FF", FORM),
		(b"&".join(b"f%d=1" % i for i in range(101)), FORM),
	],
)
def test_an_ambiguous_or_unreadable_body_is_refused(body, mimetype):
	with pytest.raises(MalformedBody):
		parse_fields(body, mimetype)


@pytest.mark.parametrize("mimetype", ["multipart/form-data", "text/plain", "application/xml"])
def test_other_media_types_are_refused(mimetype):
	with pytest.raises(UnsupportedMediaType):
		parse_fields(b"call_id=x1", mimetype)
