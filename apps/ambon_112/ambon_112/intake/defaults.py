"""Intake's editable defaults, seeded at install and migrate: the call-triage workflow and the
first triage questions. Each is created once; after that it belongs to the admins and no
migration touches it again, not even to re-create what an admin deleted.
"""

import frappe

from ambon_112.intake import call_workflow
from ambon_112.settings import SETTINGS

# Kept with the app's settings, so that a reinstall seeds again what an uninstall removed.
SEEDED_QUESTIONS_FIELD = "seeded_triage_questions"

# Asked by Ambon's call-takers in Bahasa Indonesia; admins reword them in the desk.
DEFAULT_QUESTIONS = (
	{
		"seed_key": "any-unconscious",
		"incident_type": None,
		"sequence": 1,
		"question": "Apakah ada orang yang tidak sadar atau tidak bernapas?",
		"answer_type": "Yes/No",
		"rules": [{"answer": "Yes", "priority_at_least": "P1", "add_agency_type": "Ambulance / Health"}],
	},
	{
		"seed_key": "disaster-trapped",
		"incident_type": "Natural Disaster",
		"sequence": 10,
		"question": "Apakah ada orang yang terjebak atau tidak bisa menyelamatkan diri?",
		"answer_type": "Yes/No",
		"rules": [{"answer": "Yes", "priority_at_least": "P1", "add_agency_type": "Search and Rescue"}],
	},
	{
		"seed_key": "flood-depth",
		"incident_type": "Flood",
		"sequence": 20,
		"question": "Berapa ketinggian air (cm)?",
		"answer_type": "Number",
		"help_text": "Lutut orang dewasa kira-kira 50 cm, pinggang 100 cm.",
		"rules": [
			{"answer": "100+", "priority_change": 1, "add_agency_type": "Search and Rescue"},
			{"answer": "<30", "priority_change": -1},
		],
	},
	{
		"seed_key": "fire-what-burns",
		"incident_type": "Fire",
		"sequence": 10,
		"question": "Apa yang terbakar?",
		"answer_type": "Choice",
		"choices": "Rumah\nToko atau pasar\nGudang BBM atau gas\nKendaraan\nLahan atau hutan",
		"rules": [
			{"answer": "Gudang BBM atau gas", "priority_at_least": "P1", "add_agency_type": "Police"},
			{"answer": "Kendaraan", "priority_change": -1},
			{"answer": "Lahan atau hutan", "priority_change": -1, "add_agency_type": "Environment"},
		],
	},
	{
		"seed_key": "fire-trapped",
		"incident_type": "Fire",
		"sequence": 20,
		"question": "Apakah ada orang yang terjebak di dalam?",
		"answer_type": "Yes/No",
		"rules": [
			{"answer": "Yes", "add_agency_type": "Search and Rescue"},
			{"answer": "Yes", "add_agency_type": "Ambulance / Health"},
		],
	},
	{
		"seed_key": "accident-injured",
		"incident_type": "Traffic Accident",
		"sequence": 10,
		"question": "Berapa orang yang terluka?",
		"answer_type": "Number",
		"rules": [{"answer": "3+", "priority_change": 1}, {"answer": "0", "priority_change": -1}],
	},
)


def seed_intake_defaults():
	call_workflow.seed()
	seed_triage_questions()


def seed_triage_questions() -> list[str]:
	"""Create each default question once, when its incident type exists; returns the keys created."""
	seeded = set(frappe.parse_json(frappe.db.get_single_value(SETTINGS, SEEDED_QUESTIONS_FIELD) or "[]"))
	before = set(seeded)
	created = []
	for spec in DEFAULT_QUESTIONS:
		key = spec["seed_key"]
		if key in seeded:
			continue
		if not _references_exist(spec):
			continue  # reference data not loaded yet: a later migrate seeds it
		if not frappe.db.exists("Triage Question", {"seed_key": key}):
			frappe.get_doc({"doctype": "Triage Question", "is_active": 1, **spec}).insert(
				ignore_permissions=True
			)
			created.append(key)
		seeded.add(key)
	if seeded != before:
		frappe.db.set_single_value(SETTINGS, SEEDED_QUESTIONS_FIELD, frappe.as_json(sorted(seeded)))
	return created


def seed_waiting_questions(doc=None, method=None):
	"""after_insert of Incident Type and Agency Type: a default question may have waited for it."""
	seed_triage_questions()


def _references_exist(spec: dict) -> bool:
	if spec["incident_type"] and not frappe.db.exists("Incident Type", spec["incident_type"]):
		return False
	agency_types = {r["add_agency_type"] for r in spec["rules"] if r.get("add_agency_type")}
	return all(frappe.db.exists("Agency Type", name) for name in agency_types)
