"""The script-injection battery's tools: the payloads, the text fields they go into (read from the
DocTypes' metadata, so a new field is covered without touching the tests) and what a page is
checked for once it shows them.

Every payload, if it ever runs, sets ``window.__xss`` to its number and opens an alert.
"""

import re
from html.parser import HTMLParser
from urllib.parse import quote

import frappe

PAYLOADS = {
	"plain": "<img src=x onerror=__xss=1,alert(1)>",
	# A JSON string: Frappe's sanitize_html returns it untouched.
	"json-quoted": '"</textarea><img src=x onerror=__xss=2,alert(2)>"',
	"attribute-double": '" autofocus onfocus=__xss=3,alert(3) x="',
	"attribute-single": "' autofocus onfocus=__xss=4,alert(4) x='",
	"javascript-url": "javascript:__xss=5,alert(5)",
	"svg": "<svg onload=__xss=6,alert(6)>",
	"script": "<script>__xss=7,alert(7)</script>",
	# Never closed: printed raw before a page's own markup, it takes that markup's ">" as its own.
	"unclosed": "<img src=x onerror=__xss=8,alert(8) x=",
	"entities": "&lt;img src=x onerror=__xss=9,alert(9)&gt;",
}
# Text a person may well type; it must be stored exactly as typed.
LEGIT = ("a < b, jarak <= 3 km", "Jl. Sudirman & Pattimura", "Rumah \"Bapak Ode\", lorong 'Soya'")

# Field types that hold no text a person or a device typed. Everything else the app stores is
# text and must come back without markup; Code is the one type kept verbatim (and shown escaped).
NOT_TEXT = {
	"Attach",
	"Attach Image",
	"Barcode",
	"Button",
	"Check",
	"Code",
	"Color",
	"Column Break",
	"Currency",
	"Date",
	"Datetime",
	"Duration",
	"Dynamic Link",
	"Float",
	"Fold",
	"Geolocation",
	"HTML",
	"Heading",
	"Icon",
	"Image",
	"Int",
	"JSON",
	"Link",
	"Password",
	"Percent",
	"Rating",
	"Section Break",
	"Select",
	"Signature",
	"Tab Break",
	"Table",
	"Table MultiSelect",
	"Time",
}


# What an HTML parser reads as a tag, comment or declaration (written here, not taken from the app,
# so that the battery judges the app's cleaning rather than repeating it).
MARKUP = re.compile(r"<[A-Za-z/!?]")


def has_markup(value) -> bool:
	return isinstance(value, str) and bool(MARKUP.search(value))


def app_doctypes(include_children=False) -> list[str]:
	modules = frappe.get_all("Module Def", filters={"app_name": "ambon_112"}, pluck="name")
	filters = {"module": ("in", modules)}
	if not include_children:
		filters["istable"] = 0
	return sorted(frappe.get_all("DocType", filters=filters, pluck="name"))


def text_fields(doctype: str) -> list[str]:
	return [
		df.fieldname
		for df in frappe.get_meta(doctype).fields
		if df.fieldtype not in NOT_TEXT and not df.is_virtual
	]


def verbatim_fields(doctype: str) -> list[str]:
	return [df.fieldname for df in frappe.get_meta(doctype).fields if df.fieldtype == "Code"]


def child_tables(doctype: str) -> list[tuple[str, str]]:
	"""(table field, child DocType) of the tables whose rows hold text."""
	return [
		(df.fieldname, df.options)
		for df in frappe.get_meta(doctype).fields
		if df.fieldtype in ("Table", "Table MultiSelect") and text_fields(df.options)
	]


def resource(base: str, doctype: str, name: str | None = None) -> str:
	url = f"{base}/api/resource/{quote(doctype)}"
	return f"{url}/{quote(name, safe='')}" if name else url


# ---------------------------------------------------------------- what a page is checked for

# Run in every frame after a page showed the payloads: an element the payloads made (an event
# handler or a javascript: URL of theirs, a script with their code) is a failure even if it never
# fired (a handler that waits for a mouse, a link nobody clicked); window.__xss says one ran.
PROBE = """() => {
	const marker = /__xss/;
	const urls = ["href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"];
	const found = [];
	for (const el of document.querySelectorAll("*")) {
		// The desk keeps the pages it showed before (hidden): report an element once, where it appeared.
		if (el.__xss_seen) continue;
		el.__xss_seen = true;
		for (const attr of Array.from(el.attributes)) {
			const name = attr.name.toLowerCase();
			const made = (name.startsWith("on") && marker.test(attr.value))
				|| (urls.includes(name) && /^\\s*javascript:/i.test(attr.value) && marker.test(attr.value));
			if (made) {
				const around = (el.parentElement || el).outerHTML.slice(0, 300);
				found.push(`<${el.tagName.toLowerCase()} ${name}="${attr.value}"> in ${around}`);
			}
		}
		if (el.tagName === "SCRIPT" && /__xss\\s*=/.test(el.textContent)) {
			found.push(`<script>${el.textContent.slice(0, 120)}</script>`);
		}
	}
	return { found, fired: window.__xss === undefined ? null : String(window.__xss) };
}"""


class Watch:
	"""Collects, for one browser page, every dialog that opened and every trace the payloads left."""

	def __init__(self, page, who: str):
		self.page, self.who, self.problems = page, who, []
		page.on("dialog", self._dialog)

	def _dialog(self, dialog):
		self.problems.append(f"{self.who}: a dialog opened ({dialog.type}: {dialog.message!r})")
		dialog.dismiss()

	def check(self, where: str):
		for frame in self.page.frames:
			try:
				seen = frame.evaluate(PROBE)
			except Exception:  # a frame that navigated away meanwhile
				continue
			if seen["fired"]:
				self.problems.append(f"{self.who} on {where}: payload {seen['fired']} ran")
			self.problems += [f"{self.who} on {where}: injected {made}" for made in seen["found"]]
		# A payload that ran once leaves its number; report it once, where it happened.
		self.page.evaluate("() => { delete window.__xss; }")


class Executable(HTMLParser):
	"""What in an HTML fragment could run: script elements, event handlers, javascript: URLs."""

	def __init__(self, html: str):
		super().__init__(convert_charrefs=True)
		self.found = []
		self.feed(html or "")
		self.close()

	def handle_starttag(self, tag, attrs):
		if tag in ("script", "iframe", "object", "embed"):
			self.found.append(tag)
		for name, value in attrs:
			if name.startswith("on") or re.match(r"\s*javascript:", value or "", re.IGNORECASE):
				self.found.append(f"{tag} {name}={value}")

	handle_startendtag = handle_starttag
