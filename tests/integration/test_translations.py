"""Bahasa Indonesia first: every string Frappe extracts from the app has an `id` translation."""

import csv
import json

import frappe
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from frappe.gettext.translate import get_method_map

from tests.bench import APP_PACKAGE, BENCH, REPO

CSV_FILE = APP_PACKAGE / "translations" / "id.csv"
# Records shown translated in the desk (translated_doctype): their names are app strings too.
TRANSLATED_RECORDS = {
	"agency_types.json": "agency_type_name",
	"incident_types.json": "incident_type_name",
	"unit_types.json": "unit_type_name",
	"unit_capabilities.json": "capability_name",
}


def app_messages() -> dict[tuple[str, str | None], str]:
	"""(msgid, context) → where it was found, by Frappe's own extractors (as `bench generate-pot-file`)."""

	def user_facing(path: str) -> bool:
		name = path.rsplit("/", 1)[-1]
		return not (name.startswith((".", "_")) or name in ("tests", "locale", "node_modules"))

	found = {}
	# Through the bench's link: Frappe's hooks extractor wants the app inside the bench.
	for filename, lineno, message, _comments, context in extract_from_dir(
		str(BENCH / "apps" / "ambon_112"),
		get_method_map("frappe"),
		directory_filter=user_facing,
		keywords={**DEFAULT_KEYWORDS, "_lt": None},
	):
		if not message or filename.rsplit("/", 1)[-1].startswith("test_"):
			continue
		for msgid in message if isinstance(message, tuple) else (message,):
			if msgid:
				found.setdefault((msgid, context), f"{filename}:{lineno}")
	for file, field in TRANSLATED_RECORDS.items():
		for record in json.loads((REPO / "fixtures" / file).read_text()):
			found.setdefault((record[field], None), f"fixtures/{file}")
	return found


def translated() -> set[tuple[str, str | None]]:
	with open(CSV_FILE, newline="", encoding="utf-8") as f:
		return {
			(row[0], row[2] if len(row) > 2 and row[2] else None) for row in csv.reader(f) if row[1].strip()
		}


def test_every_app_string_has_an_indonesian_translation(site):
	messages = app_messages()
	assert len(messages) > 500
	done = translated()
	missing = {key: where for key, where in messages.items() if key not in done}
	listing = "\n".join(f"  {where}: {msgid!r}" for (msgid, _ctx), where in sorted(missing.items())[:40])
	assert not missing, f"{len(missing)} app strings lack an id translation in {CSV_FILE.name}:\n{listing}"


def test_the_desk_speaks_bahasa_indonesia(site):
	frappe.translate.clear_cache()
	frappe.local.lang = "id"
	try:
		assert frappe._("Emergency Call") == "Panggilan Darurat"
		assert frappe._("Agency") == "Instansi"
		assert (
			frappe._("Unit {0} is not available (status: {1}).") == "Unit {0} tidak tersedia (status: {1})."
		)
	finally:
		frappe.local.lang = "en"
