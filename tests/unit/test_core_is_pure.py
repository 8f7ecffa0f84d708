"""The domain core must run without Frappe: controllers feed it plain data."""

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

APP_DIR = Path(__file__).resolve().parents[2] / "apps" / "ambon_112"
CORE = APP_DIR / "ambon_112" / "core"
CORE_FILES = sorted(CORE.rglob("*.py"))
CORE_MODULES = [
	".".join(p.relative_to(APP_DIR).with_suffix("").parts).removesuffix(".__init__") for p in CORE_FILES
]


def imported_modules(path: Path) -> set[str]:
	names = set()
	for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
		if isinstance(node, ast.Import):
			names.update(alias.name for alias in node.names)
		elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
			names.add(node.module)
		elif isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in (
			"__import__",
			"import_module",
		):
			names.update(
				a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
			)
	return names


@pytest.fixture(autouse=True, scope="module")
def core_found():
	"""The core is where these tests look for it: otherwise they would check nothing."""
	assert {"ambon_112.core.geo", "ambon_112.core.phone", "ambon_112.core.incident_states"} <= set(
		CORE_MODULES
	)


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: p.name)
def test_core_module_does_not_import_frappe(path):
	imports = imported_modules(path)
	assert not {m for m in imports if m == "frappe" or m.startswith("frappe.")}
	# Nor anything of the app outside the core (which may import frappe in turn).
	outside = {m for m in imports if m.startswith("ambon_112") and not m.startswith("ambon_112.core")}
	assert not outside


def test_core_imports_with_frappe_blocked():
	code = "import sys; sys.modules['frappe'] = None\n" + "".join(f"import {m}\n" for m in CORE_MODULES)
	code += "assert not [m for m, v in sys.modules.items() if m.startswith('frappe') and v], 'frappe was imported'\n"
	env = {**os.environ, "PYTHONPATH": str(APP_DIR)}
	proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=APP_DIR)
	assert proc.returncode == 0, proc.stderr
