"""The public page's admin-written text, cleaned on save to a strict allow-list.

The text is printed unescaped on /112 (it is formatted HTML), so it is cleaned when it is saved,
not trusted: bleach keeps only plain formatting and links to http(s)/tel/mailto; scripts, event
attributes, styles, images and iframes are dropped. Frappe's own sanitize_html returns any value
that parses as JSON untouched (FRAPPE-NOTES), so it is not used here.
"""

import bleach
from markupsafe import Markup

TAGS = frozenset({"p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h3", "h4", "a", "blockquote"})
ATTRIBUTES = {"a": ["href", "title"]}
PROTOCOLS = frozenset({"http", "https", "tel", "mailto"})


def clean(html: str | None) -> str:
	return bleach.clean(html or "", tags=TAGS, attributes=ATTRIBUTES, protocols=PROTOCOLS, strip=True)


def safe(html: str | None) -> Markup:
	"""The cleaned text, marked safe for Jinja: the template prints it with ``|e`` like every value,
	and escaping leaves a Markup as it is. Only this cleaner declares HTML safe."""
	return Markup(clean(html))
