"""Read the app's metadata (DocType JSON, hooks, fixtures) as plain files: no Frappe needed."""

import json
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
APP_PACKAGE = REPO / "apps" / "ambon_112" / "ambon_112"
FIXTURES = REPO / "fixtures"
STANDARD_ROLES = {"System Manager", "Administrator", "Guest", "All", "Desk User"}


def scrub(name: str) -> str:
	return name.replace(" ", "_").replace("-", "_").lower()


def modules() -> list[str]:
	return [m.strip() for m in (APP_PACKAGE / "modules.txt").read_text().splitlines() if m.strip()]


def doctype_files() -> list[Path]:
	return sorted(APP_PACKAGE.glob("*/doctype/*/*.json"))


def load_doctypes() -> dict[str, dict]:
	"""Every DocType of the app by name, with its JSON file under the key ``_path``."""
	doctypes = {}
	for path in doctype_files():
		meta = json.loads(path.read_text(encoding="utf-8"))
		doctypes[meta["name"]] = {**meta, "_path": path}
	return doctypes


def upstream_doctypes(app: str | None = None) -> set[str]:
	lines = (REPO / "tests" / "data" / "upstream_doctypes.txt").read_text(encoding="utf-8").splitlines()
	rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
	return {name for owner, name in rows if app is None or owner == app}


def app_roles() -> set[str]:
	return {r["name"] for r in json.loads((APP_PACKAGE / "fixtures" / "role.json").read_text())}


APP_BASE = re.compile(r'\{%\s*extends\s+"ambon_112/([^"]+)"')


def template_text(template: Path) -> str:
	"""A page template's text followed by the app's base template it extends, if any (the portal
	pages' scripts are in templates/agency_portal.html)."""
	text = template.read_text(encoding="utf-8")
	if base := APP_BASE.search(text):
		text += (APP_PACKAGE / base.group(1)).read_text(encoding="utf-8")
	return text
