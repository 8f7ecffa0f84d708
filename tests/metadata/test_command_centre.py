"""The Command Centre's module documents (reports, cards, charts, workspace, print format) as plain files."""

import ast
import json
import re
from pathlib import Path

import pytest

from .conftest import APP_PACKAGE, STANDARD_ROLES, app_roles, load_doctypes, scrub

MODULE = "Command Centre"
CENTRE = APP_PACKAGE / "command_centre"
DOCTYPES = load_doctypes()
DESK_ROLES = {"112 Operator", "112 Supervisor", "112 Administrator", "112 Viewer", "System Manager"}


def documents(kind: str, root: Path = CENTRE) -> dict[str, dict]:
	found = {}
	for path in sorted((root / kind).glob("*/*.json")):
		doc = json.loads(path.read_text(encoding="utf-8"))
		found[doc["name"]] = {**doc, "_path": path}
	return found


REPORTS = documents("report")
# The workspace also links the reports of other capabilities (operations: Operator Workload).
ALL_REPORTS = {
	json.loads(p.read_text(encoding="utf-8"))["name"] for p in APP_PACKAGE.glob("*/report/*/*.json")
}
CARDS = documents("number_card")
CHARTS = documents("dashboard_chart")
SOURCES = documents("dashboard_chart_source")
WORKSPACE = documents("workspace", APP_PACKAGE / "dispatch")["112 Ambon"]


def whitelisted_functions(module_path: Path) -> set[str]:
	tree = ast.parse(module_path.read_text(encoding="utf-8"))
	return {
		node.name
		for node in tree.body
		if isinstance(node, ast.FunctionDef)
		and any("whitelist" in ast.unparse(decorator) for decorator in node.decorator_list)
	}


def resolve_whitelisted(dotted: str) -> bool:
	*module, function = dotted.split(".")
	path = APP_PACKAGE.parent.joinpath(*module).with_suffix(".py")
	return path.is_file() and function in whitelisted_functions(path)


def indexed(doctype: str, fieldname: str) -> bool:
	if fieldname in ("name", "creation", "modified"):
		return True
	field = next((f for f in DOCTYPES[doctype]["fields"] if f["fieldname"] == fieldname), None)
	assert field, f"{doctype}.{fieldname} does not exist"
	return bool(field.get("search_index") or field.get("unique"))


def test_the_module_is_declared():
	assert MODULE in (APP_PACKAGE / "modules.txt").read_text().splitlines()
	assert (CENTRE / "__init__.py").is_file()
	assert set(REPORTS) == {
		"Escalations",
		"Call Answer Time",
		"Call Processing Time",
		"Response Time by Agency",
		"Call Classes",
		"Incidents by Area",
	}


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_script_reports_are_complete_standard_documents(name):
	report = REPORTS[name]
	folder, stem = report["_path"].parent, report["_path"].stem
	assert stem == folder.name == scrub(name)
	assert (report["module"], report["report_type"], report["is_standard"]) == (
		MODULE,
		"Script Report",
		"Yes",
	)
	assert report["ref_doctype"] in DOCTYPES
	roles = {r["role"] for r in report["roles"]}
	assert roles == DESK_ROLES and roles <= app_roles() | STANDARD_ROLES
	assert (folder / "__init__.py").is_file()
	code = ast.parse((folder / f"{stem}.py").read_text(encoding="utf-8"))
	assert "execute" in {n.name for n in code.body if isinstance(n, ast.FunctionDef)}
	assert f'frappe.query_reports["{name}"]' in (folder / f"{stem}.js").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_reports_never_read_around_permissions(name):
	"""Reports read with frappe.get_list; raw SQL or get_all would skip the agency scope."""
	code = (REPORTS[name]["_path"].with_suffix(".py")).read_text(encoding="utf-8")
	assert "frappe.db.sql" not in code and "frappe.qb" not in code
	allowed_get_all = {"Call Classes"}  # the masked repeat-caller grouping, after a get_list check
	assert ("frappe.get_all" not in code) or name in allowed_get_all


@pytest.mark.parametrize("name", sorted(CARDS))
def test_number_cards(name):
	card = CARDS[name]
	assert card["is_standard"] == 1 and card["module"] == MODULE and card["is_public"] == 1
	assert card["document_type"] in DOCTYPES  # also for the Custom card: Frappe's permission check reads it
	if card["type"] == "Custom":
		assert resolve_whitelisted(card["method"]), card["method"]
	else:
		assert card["type"] == "Document Type" and card["function"] == "Count"
		for doctype, fieldname, *_rest in json.loads(card["filters_json"]):
			assert doctype == card["document_type"]
			assert indexed(doctype, fieldname), f"{name}: {doctype}.{fieldname} is filtered but not indexed"


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_dashboard_charts_use_our_uncached_sources(name):
	chart = CHARTS[name]
	assert chart["is_standard"] == 1 and chart["module"] == MODULE and chart["chart_type"] == "Custom"
	assert chart["source"] in SOURCES
	# A Custom chart has no DocType to check: without roles only System Managers could see it.
	assert {r["role"] for r in chart["roles"]} == DESK_ROLES


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_chart_sources_call_whitelisted_methods(name):
	folder = SOURCES[name]["_path"].parent
	script = (folder / f"{folder.name}.js").read_text(encoding="utf-8")
	assert f'frappe.dashboards.chart_sources["{name}"]' in script
	(method,) = re.findall(r'method:\s*"([\w.]+)"', script)
	assert resolve_whitelisted(method), method
	assert "cache_source" not in (APP_PACKAGE / "api" / "dashboard.py").read_text(encoding="utf-8")


def test_the_workspace_refers_only_to_what_exists():
	assert {r["number_card_name"] for r in WORKSPACE["number_cards"]} == set(CARDS)
	assert {r["chart_name"] for r in WORKSPACE["charts"]} == set(CHARTS)
	assert {r["role"] for r in WORKSPACE["roles"]} == DESK_ROLES
	for link in WORKSPACE["links"]:
		if link["type"] == "Link":
			known = ALL_REPORTS if link["link_type"] == "Report" else DOCTYPES
			assert link["link_to"] in known, link["link_to"]
	for shortcut in WORKSPACE["shortcuts"]:
		if shortcut["type"] == "DocType":
			assert shortcut["link_to"] in DOCTYPES
			for fieldname in json.loads(shortcut.get("stats_filter") or "{}"):
				assert indexed(shortcut["link_to"], fieldname)
		elif shortcut["type"] == "Report":
			assert shortcut["link_to"] in REPORTS
		else:
			assert shortcut["type"] == "URL" and shortcut["url"].startswith("/app/")
	blocks = json.loads(WORKSPACE["content"])
	assert len({b["id"] for b in blocks}) == len(blocks)


# The columns the reports and charts filter or sort on (report_filters.py and each report's query).
REPORT_COLUMNS = {
	"Emergency Call": [
		"received_at",
		"is_exercise",
		"call_state",
		"channel",
		"kelurahan",
		"incident",
		"caller_number_normalized",
	],
	"Incident": ["reported_at", "is_exercise", "incident_type", "priority", "kelurahan", "kecamatan"],
	"Incident Agency": ["agency"],
	"Dispatch": [
		"dispatched_at",
		"is_exercise",
		"incident_type",
		"priority",
		"agency",
		"kelurahan",
		"incident",
	],
}


@pytest.mark.parametrize("doctype", sorted(REPORT_COLUMNS))
def test_what_the_reports_filter_on_is_indexed(doctype):
	assert not [f for f in REPORT_COLUMNS[doctype] if not indexed(doctype, f)]


def test_the_incident_report_print_format():
	folder = CENTRE / "print_format" / "incident_report"
	doc = json.loads((folder / "incident_report.json").read_text(encoding="utf-8"))
	assert (doc["doc_type"], doc["standard"], doc["module"], doc["print_format_type"]) == (
		"Incident",
		"Yes",
		MODULE,
		"Jinja",
	)
	assert doc["default_print_language"] == "id"
	template = (folder / "incident_report.html").read_text(encoding="utf-8")
	assert "ambon112_incident_report(doc)" in template
	hooks = (APP_PACKAGE / "hooks.py").read_text(encoding="utf-8")
	assert "ambon_112.command_centre.incident_report.ambon112_incident_report" in hooks
	# Every label in the template is translatable.
	visible = re.sub(
		r"{[{%#].*?[}%#]}", "", re.sub(r"<style>.*?</style>", "", template, flags=re.S), flags=re.S
	)
	assert not re.findall(r">\s*[A-Za-z][A-Za-z ]+\s*<", visible)


def test_javascript_strings_are_translatable():
	"""Labels in the app's JS go through __(); a bare label: "..." would stay English."""
	for path in APP_PACKAGE.rglob("*.js"):
		text = path.read_text(encoding="utf-8")
		assert not re.findall(r'\blabel:\s*"', text), path


def test_report_scripts_take_select_options_from_the_python():
	"""What a report checks in Python (a grouping, an interval, a priority) it also offers: the options
	come from command_centre/report_choices.py through the boot, never from a copy in a script."""
	scripts = [*CENTRE.glob("report/*/*.js"), APP_PACKAGE / "public" / "js" / "report_filters.js"]
	assert len(scripts) > 5
	for path in scripts:
		assert not re.search(r"options:\s*\[", path.read_text(encoding="utf-8")), path
