"""A link built from an address someone else chose cannot end the attribute it is printed in."""

from urllib.parse import unquote

from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.links import attribute_safe_url

BREAKS_AN_ATTRIBUTE = set("'\"<> `\t\n\r\f")


@given(st.text())
def test_nothing_that_ends_an_attribute_survives(path):
	url = attribute_safe_url(f"/login?redirect-to=/agency/{path}")
	assert not BREAKS_AN_ATTRIBUTE & set(url)
	assert url.isascii()


@given(st.text().filter(lambda t: "%" not in t))
def test_the_address_is_kept(path):
	url = f"/login?redirect-to=/agency/{path}"
	assert unquote(attribute_safe_url(url)) == url


def test_the_attribute_breaking_payload_and_an_ordinary_link():
	assert attribute_safe_url("/login?redirect-to=/agency/' autofocus onfocus=alert(4) x='") == (
		"/login?redirect-to=/agency/%27%20autofocus%20onfocus=alert(4)%20x=%27"
	)
	assert attribute_safe_url("/login?redirect-to=/agency/DSP-2026-00001") == (
		"/login?redirect-to=/agency/DSP-2026-00001"
	)


def test_encoding_twice_changes_nothing():
	once = attribute_safe_url("/agency/a b'c")
	assert attribute_safe_url(once) == once
