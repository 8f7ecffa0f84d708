"""Each controller carries Frappe's generated DF block, and it lists the DocType's fields as its JSON
has them (Frappe rewrites the block when a DocType is saved in developer mode; a JSON edited by
hand must be followed by the exporter, frappe.types.exporter.TypeExporter)."""

import re

import pytest

from .conftest import load_doctypes

# The field types Frappe's DF module types (frappe/types/DF.py); layout and display-only fields
# (breaks, HTML, buttons, headings, images, ...) carry no value and get no type.
TYPED = {
	"Data", "Text", "Autocomplete", "Attach", "Attach Image", "Barcode", "Check", "Code", "Color",
	"Currency", "Date", "Datetime", "Duration", "Dynamic Link", "Float", "HTML Editor", "Int", "JSON",
	"Link", "Long Text", "Markdown Editor", "Password", "Percent", "Phone", "Read Only", "Rating",
	"Select", "Small Text", "Text Editor", "Time", "Table", "Table MultiSelect",
}  # fmt: skip
BLOCK = re.compile(r"# begin: auto-generated types\n(.*?)# end: auto-generated types", re.DOTALL)
TYPED_NAME = re.compile(r"^\t\t(\w+): DF\.", re.MULTILINE)
DOCTYPES = load_doctypes()


@pytest.mark.parametrize("doctype", sorted(DOCTYPES))
def test_the_controller_types_every_field_of_its_doctype(doctype):
	meta = DOCTYPES[doctype]
	controller = meta["_path"].with_suffix(".py")
	block = BLOCK.search(controller.read_text(encoding="utf-8"))
	assert block, f"{controller.name}: no auto-generated types block"
	expected = {f["fieldname"] for f in meta["fields"] if f["fieldtype"] in TYPED}
	if meta.get("istable"):
		expected |= {"parent", "parentfield", "parenttype"}
	if meta.get("autoname") == "autoincrement":
		expected.add("name")
	assert set(TYPED_NAME.findall(block.group(1))) == expected


@pytest.mark.parametrize("doctype", sorted(DOCTYPES))
def test_the_controller_types_every_choice_of_its_selects(doctype):
	"""A Select's Literal lists the JSON's options: a new choice (a trigger, a status) is typed too."""
	meta = DOCTYPES[doctype]
	block = BLOCK.search(meta["_path"].with_suffix(".py").read_text(encoding="utf-8")).group(1)
	for field in meta["fields"]:
		if field["fieldtype"] != "Select" or not field.get("options"):
			continue
		typed = re.search(
			rf"^\t\t{field['fieldname']}: DF\.Literal\[(.*?)\]\n", block, re.MULTILINE | re.DOTALL
		)
		assert typed, f"{doctype}.{field['fieldname']}: no Literal"
		choices = re.findall(r'"((?:[^"\\]|\\.)*)"', typed.group(1))
		options = [o for o in field["options"].split("\n")]
		assert [c for c in choices if c] == [o for o in options if o], f"{doctype}.{field['fieldname']}"
