import ast
import importlib.util
import re

import pytest

from .conftest import APP_PACKAGE, app_roles, load_doctypes, upstream_doctypes

DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")
DOCTYPE_KEYED = (
	"doc_events",
	"permission_query_conditions",
	"has_permission",
	"override_doctype_class",
	"doctype_js",
	"doctype_list_js",
	"doctype_tree_js",
	"standard_queries",
)


def load_hooks():
	"""hooks.py as a plain module: it must import without Frappe."""
	spec = importlib.util.spec_from_file_location("ambon_112_hooks", APP_PACKAGE / "hooks.py")
	module = importlib.util.module_from_spec(spec)
	spec.loader.exec_module(module)
	return {k: v for k, v in vars(module).items() if not k.startswith("_") and not callable(v)}


HOOKS = load_hooks()


def strings(value, where):
	if isinstance(value, str):
		yield where, value
	elif isinstance(value, dict):
		for key, item in value.items():
			yield from strings(item, f"{where}[{key!r}]")
	elif isinstance(value, list | tuple):
		for i, item in enumerate(value):
			yield from strings(item, f"{where}[{i}]")


def dotted_paths():
	skip = {
		"app_name",
		"app_title",
		"app_publisher",
		"app_description",
		"app_email",
		"app_license",
		"fixtures",
	}
	assets = (".js", ".css", ".scss", ".html", ".json", ".svg", ".png")  # bundles, not Python paths
	return [
		(where, text)
		for key, value in HOOKS.items()
		if key not in skip
		for where, text in strings(value, key)
		if DOTTED.fullmatch(text) and not text.endswith(assets)
	]


def top_level_names(path) -> set[str]:
	names = set()
	for node in ast.parse(path.read_text(encoding="utf-8")).body:
		if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
			names.add(node.name)
		elif isinstance(node, ast.Assign):
			names.update(t.id for t in node.targets if isinstance(t, ast.Name))
		elif isinstance(node, ast.ImportFrom | ast.Import):
			names.update((a.asname or a.name).split(".")[0] for a in node.names)
	return names


def test_hooks_name_the_app_and_its_install_hooks():
	assert HOOKS["app_name"] == "ambon_112" == APP_PACKAGE.name
	assert {"after_install", "after_migrate"} <= HOOKS.keys()


@pytest.fixture(autouse=True, scope="module")
def dotted_paths_found():
	"""hooks.py is read as these tests expect: otherwise they would check nothing."""
	paths = dict(dotted_paths())
	assert paths["after_install"] == "ambon_112.setup.install.after_install"
	assert paths["has_permission['Incident']"] == "ambon_112.permissions.has_permission"


@pytest.mark.parametrize("where, dotted", dotted_paths(), ids=[where for where, _ in dotted_paths()])
def test_every_dotted_path_resolves(where, dotted):
	*module, function = dotted.split(".")
	assert module[0] == "ambon_112", f"{where}: only the app's own code is checked here"
	base = APP_PACKAGE.parent.joinpath(*module)
	path = base.with_suffix(".py") if base.with_suffix(".py").is_file() else base / "__init__.py"
	assert path.is_file(), f"{where}: no module {'.'.join(module)}"
	assert function in top_level_names(path), f"{where}: {function} not defined in {path.name}"


@pytest.mark.parametrize("hook", [h for h in DOCTYPE_KEYED if h in HOOKS])
def test_doctype_keys_are_real_doctypes(hook):
	known = set(load_doctypes()) | upstream_doctypes("frappe") | {"*"}
	assert not set(HOOKS[hook]) - known


def test_role_fixture_filter_matches_the_role_file():
	(entry,) = [f for f in HOOKS["fixtures"] if (f if isinstance(f, str) else f["dt"]) == "Role"]
	(field, operator, names), *_ = entry["filters"]
	assert (field, operator) == ("name", "in")
	assert set(names) == app_roles()
