import ast
import json

import pytest

from .conftest import (
	STANDARD_ROLES,
	app_roles,
	doctype_files,
	load_doctypes,
	modules,
	scrub,
	upstream_doctypes,
)

DOCTYPES = load_doctypes()
NAMES = sorted(DOCTYPES)
FRAPPE_DOCTYPES = upstream_doctypes("frappe")  # the app requires nothing but frappe
LINK_TYPES = ("Link", "Table", "Table MultiSelect")
NO_DATA_FIELDS = ("Section Break", "Column Break", "Tab Break", "HTML", "Button", "Heading", "Fold")
NEVER_DELETED = ("Emergency Call", "Incident", "Dispatch")


def fields(name: str) -> list[dict]:
	return DOCTYPES[name]["fields"]


@pytest.fixture(autouse=True, scope="module")
def doctypes_found():
	"""The DocType files are where these tests look for them: otherwise they would check nothing."""
	assert {"Emergency Call", "Incident", "Dispatch", "Agency", "Emergency Unit", "Ambon Area"} <= set(NAMES)


def test_no_two_doctype_files_claim_one_name():
	assert len(doctype_files()) == len(DOCTYPES)


@pytest.mark.parametrize("path", doctype_files(), ids=lambda p: p.stem)
def test_doctype_json_matches_its_folder(path):
	meta = json.loads(path.read_text(encoding="utf-8"))
	assert meta["doctype"] == "DocType"
	assert scrub(meta["name"]) == path.parent.name == path.stem
	assert meta["module"] in modules()
	assert scrub(meta["module"]) == path.parents[2].name


@pytest.mark.parametrize("name", NAMES)
def test_doctype_folder_has_its_code_files(name):
	meta = DOCTYPES[name]
	folder, stem = meta["_path"].parent, meta["_path"].stem
	assert (folder / "__init__.py").is_file()
	controller = ast.parse((folder / f"{stem}.py").read_text(encoding="utf-8"))
	classes = {node.name for node in controller.body if isinstance(node, ast.ClassDef)}
	assert name.replace(" ", "").replace("-", "") in classes
	if not meta.get("istable"):
		assert (folder / f"{stem}.js").is_file(), f"{stem}.js missing"
		assert (folder / f"test_{stem}.py").is_file(), f"test_{stem}.py missing"


@pytest.mark.parametrize("name", NAMES)
def test_link_and_table_targets_exist(name):
	for field in fields(name):
		if field["fieldtype"] in LINK_TYPES:
			target = field.get("options")
			assert target in DOCTYPES or target in FRAPPE_DOCTYPES, f"{field['fieldname']} -> {target!r}"
		if field["fieldtype"] in ("Table", "Table MultiSelect"):
			assert DOCTYPES.get(field["options"], {}).get("istable") == 1, field["fieldname"]


def test_table_multiselect_children_have_a_link_field():
	for name in NAMES:
		for field in fields(name):
			if field["fieldtype"] == "Table MultiSelect":
				child = DOCTYPES[field["options"]]
				assert any(f["fieldtype"] == "Link" for f in child["fields"]), field["options"]


@pytest.mark.parametrize("name", NAMES)
def test_permission_roles_exist(name):
	known = app_roles() | STANDARD_ROLES
	for perm in DOCTYPES[name].get("permissions", []):
		assert perm["role"] in known


def test_child_tables_have_no_permissions():
	for name in NAMES:
		if DOCTYPES[name].get("istable"):
			assert not DOCTYPES[name].get("permissions"), name


def test_no_doctype_reuses_an_upstream_name():
	assert not set(NAMES) & upstream_doctypes()


@pytest.mark.parametrize("name", NEVER_DELETED)
def test_records_of_the_emergency_are_tracked_and_never_deleted(name):
	meta = DOCTYPES[name]
	assert meta.get("track_changes") == 1
	assert not [p["role"] for p in meta["permissions"] if p.get("delete")]


@pytest.mark.parametrize("name", NAMES)
def test_fieldnames_are_unique_and_in_field_order(name):
	fieldnames = [f["fieldname"] for f in fields(name)]
	assert len(fieldnames) == len(set(fieldnames))
	assert DOCTYPES[name].get("field_order") == fieldnames


@pytest.mark.parametrize("name", NAMES)
def test_select_fields_have_options(name):
	for field in fields(name):
		if field["fieldtype"] == "Select":
			assert [o for o in (field.get("options") or "").split("\n") if o.strip()], field["fieldname"]


@pytest.mark.parametrize("name", NAMES)
def test_filtered_and_sorted_fields_are_indexed(name):
	"""Standard filters and the default sort run on every list view: they need an index."""
	meta = DOCTYPES[name]
	by_name = {f["fieldname"]: f for f in fields(name)}
	wanted = {f["fieldname"] for f in fields(name) if f.get("in_standard_filter")}
	if meta.get("sort_field") not in (None, "", "modified", "creation", "name") and not meta.get("issingle"):
		wanted.add(meta["sort_field"])
	unindexed = sorted(f for f in wanted if not (by_name[f].get("search_index") or by_name[f].get("unique")))
	assert not unindexed


def test_sort_fields_exist():
	for name in NAMES:
		sort_field = DOCTYPES[name].get("sort_field")
		if sort_field and sort_field not in ("modified", "creation", "name"):
			assert sort_field in {f["fieldname"] for f in fields(name)}, name


def test_caller_personal_data_is_at_permlevel_1():
	by_name = {f["fieldname"]: f for f in fields("Emergency Call")}
	for fieldname in ("caller_number", "caller_number_normalized", "caller_name"):
		assert by_name[fieldname].get("permlevel") == 1, fieldname
	readers = {
		p["role"]
		for p in DOCTYPES["Emergency Call"]["permissions"]
		if p.get("permlevel") == 1 and p.get("read")
	}
	assert "112 Operator" in readers
	assert "112 Viewer" not in readers


def test_agency_staff_cannot_see_emergency_calls():
	assert "Agency Staff" not in {p["role"] for p in DOCTYPES["Emergency Call"]["permissions"]}


def test_child_field_names_do_not_shadow_parent_columns():
	# Frappe stores parent, parentfield and parenttype on every child row.
	for name in NAMES:
		if DOCTYPES[name].get("istable"):
			assert not {"parent", "parentfield", "parenttype", "idx"} & {f["fieldname"] for f in fields(name)}
