"""Escape at every sink: the app's templates and scripts, read as files.

Frappe's website and print Jinja do not autoescape, so every value printed by a template of the
app carries ``|e``; the desk and portal scripts escape through one helper. The DocTypes hold no
rich text: their text fields are cleaned of markup on save (ambon_112/security/plain_text.py), and the one
kind kept verbatim, Code, is read-only (the desk shows it escaped).
"""

import re

import pytest

from .conftest import APP_PACKAGE, load_doctypes, template_text

TEMPLATES = (
	sorted(APP_PACKAGE.glob("www/**/*.html"))
	+ sorted(APP_PACKAGE.glob("templates/**/*.html"))
	+ sorted(APP_PACKAGE.glob("**/print_format/*/*.html"))
)
EXPRESSION = re.compile(r"\{\{(.*?)\}\}", re.DOTALL)
ESCAPED = re.compile(r"\|\s*e\s*$")
# Not a value: the base template's block.
ALLOWED = {"super()"}
RICH_TEXT = {"Text Editor", "HTML Editor", "Markdown Editor"}
# The one rich text: the public page's, written by administrators and cleaned to an allow-list of
# plain formatting on save and again before it is printed (reporting/rich_text.py).
RICH_TEXT_CLEANED = {"Public 112 Page": APP_PACKAGE / "reporting" / "rich_text.py"}
SCRIPTS = sorted(p for p in APP_PACKAGE.rglob("*.js") if "node_modules" not in p.parts)
HELPER = APP_PACKAGE / "public" / "js" / "escape.js"


@pytest.fixture(scope="module", autouse=True)
def templates_to_check():
	"""The globs find the templates: otherwise every check here would pass on nothing."""
	names = {p.name for p in TEMPLATES}
	assert {"index.html", "dispatch.html", "incident_report.html"} <= names


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(APP_PACKAGE)))
def test_every_value_a_template_prints_is_escaped(template):
	text = template.read_text(encoding="utf-8")
	raw = [
		expression.strip()
		for expression in EXPRESSION.findall(text)
		if expression.strip() not in ALLOWED and not ESCAPED.search(expression.strip())
	]
	assert not raw, f"{template.name} prints without |e: {raw}"


def test_the_doctypes_hold_no_rich_text():
	rich = [
		f"{name}.{f['fieldname']} ({f['fieldtype']})"
		for name, meta in load_doctypes().items()
		for f in meta["fields"]
		if f["fieldtype"] in RICH_TEXT and name not in RICH_TEXT_CLEANED
	]
	assert not rich, f"rich text needs its own cleaning (plain_text.py removes all tags): {rich}"
	for cleaner in RICH_TEXT_CLEANED.values():
		assert "bleach.clean" in cleaner.read_text(encoding="utf-8")


def test_text_kept_verbatim_is_read_only_code_and_nothing_skips_frappe_s_filter():
	for name, meta in load_doctypes().items():
		for f in meta["fields"]:
			if f["fieldtype"] == "Code":
				assert f.get("read_only"), f"{name}.{f['fieldname']}: verbatim text is shown, never edited"
			assert not f.get("ignore_xss_filter"), f"{name}.{f['fieldname']} sets ignore_xss_filter"


def test_the_raw_aml_message_is_kept_verbatim_and_shown_escaped():
	field = next(f for f in load_doctypes()["AML Location"]["fields"] if f["fieldname"] == "raw_message")
	assert field["fieldtype"] == "Code"


def test_scripts_escape_through_the_one_helper():
	assert "ambon112.esc" in HELPER.read_text(encoding="utf-8")
	direct = [
		str(p.relative_to(APP_PACKAGE)) for p in SCRIPTS if p != HELPER and "escape_html" in p.read_text()
	]
	assert not direct, f"use ambon112.esc (public/js/escape.js), not frappe.utils.escape_html: {direct}"


@pytest.mark.parametrize("template", sorted(APP_PACKAGE.glob("www/**/*.html")), ids=lambda p: p.name)
def test_portal_pages_load_the_helper(template):
	text = template_text(template)
	if "<script" not in text:
		return  # a page without scripts (the public /112) has nothing to escape in the browser
	assert '<script src="/assets/ambon_112/js/escape.js"></script>' in text
