"""Links built from an address someone else chose (a request path), safe in any HTML attribute."""

from urllib.parse import quote

# What stays as it is: a URL's structure and its existing escapes. Quotes, spaces, "<", ">", "`",
# control characters and everything non-ASCII are percent-encoded, so the link cannot end the
# attribute it is printed in, however that attribute is quoted (or not).
URL_KEEPS = "/?#&=:;,+@!$*()[]%-._~"


def attribute_safe_url(url: str) -> str:
	return quote(url, safe=URL_KEEPS)
