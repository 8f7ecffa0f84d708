# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.exceptions import InvalidTriageAnswerError, TriageQuestionError
from ambon_112.intake import triage_questions
from ambon_112.intake.defaults import DEFAULT_QUESTIONS, SEEDED_QUESTIONS_FIELD, seed_triage_questions
from ambon_112.roles import ADMINISTRATOR, OPERATOR
from ambon_112.tests.utils import make_incident, make_triage_question, make_user, unique


class TestTriageQuestion(FrappeTestCase):
	def test_an_administrator_adds_a_question_in_the_desk_and_it_changes_priority(self):
		frappe.set_user(make_user([ADMINISTRATOR]))
		question = make_triage_question(
			"Fallen Tree",
			"Yes/No",
			[{"answer": "Yes", "priority_change": 2, "add_agency_type": "Electricity"}],
			question="Apakah pohon menimpa kabel listrik?",
		)
		frappe.set_user(make_user([OPERATOR]))
		self.assertIn(question.name, [q.name for q in triage_questions.questions_for("Fallen Tree")])
		incident = make_incident("Fallen Tree", triage_answers=[{"question": question.name, "answer": "Ya"}])
		self.assertEqual((incident.priority, incident.triage_priority), ("P1", "P1"))  # P3 raised two levels
		self.assertEqual([r.agency_type for r in incident.triage_agency_types], ["Electricity"])
		self.assertEqual(incident.triage_answers[0].answer, "Yes")
		self.assertIn("Apakah pohon menimpa kabel listrik?", incident.triage_reasons)

	def test_operators_may_not_edit_questions(self):
		self.assertFalse(frappe.has_permission("Triage Question", "write", user=make_user([OPERATOR])))

	def test_questions_of_the_type_its_parents_and_every_type_are_asked_in_sequence(self):
		flood = make_triage_question("Flood", "Number", [], sequence=2)
		disaster = make_triage_question("Natural Disaster", "Yes/No", [], sequence=1)
		everyone = make_triage_question(None, "Yes/No", [], sequence=0)
		fire = make_triage_question("Fire", "Yes/No", [])
		inactive = make_triage_question("Flood", "Yes/No", [], is_active=0)
		asked = [q.name for q in triage_questions.questions_for("Flood")]
		self.assertLess(asked.index(everyone.name), asked.index(disaster.name))
		self.assertLess(asked.index(disaster.name), asked.index(flood.name))
		self.assertNotIn(fire.name, asked)
		self.assertNotIn(inactive.name, asked)

	def test_a_rule_that_can_never_match_is_refused(self):
		with self.assertRaises(TriageQuestionError):
			make_triage_question("Flood", "Yes/No", [{"answer": "Mungkin"}])
		with self.assertRaises(TriageQuestionError):
			make_triage_question("Flood", "Number", [{"answer": "dalam sekali"}])
		with self.assertRaises(TriageQuestionError):
			make_triage_question("Fire", "Choice", [{"answer": "Masjid"}], choices=["Rumah", "Pasar"])
		with self.assertRaises(TriageQuestionError):
			make_triage_question("Fire", "Choice", [], choices=["Rumah"])

	def test_choice_questions(self):
		question = make_triage_question(
			"Fire",
			"Choice",
			[{"answer": "Kendaraan", "priority_change": -1}],
			choices=["Rumah", "Kendaraan"],
		)
		preview = triage_questions.preview("Fire", {question.name: "kendaraan"})
		self.assertEqual((preview["base_priority"], preview["priority"]), ("P1", "P2"))
		with self.assertRaises(InvalidTriageAnswerError):
			triage_questions.preview("Fire", {question.name: "Kapal"})

	def test_defaults_are_seeded_once_and_an_admins_edits_survive(self):
		frappe.db.set_single_value("Ambon 112 Settings", SEEDED_QUESTIONS_FIELD, "[]")
		frappe.db.delete("Triage Question", {"seed_key": ("is", "set")})
		created = seed_triage_questions()
		self.assertEqual(set(created), {q["seed_key"] for q in DEFAULT_QUESTIONS})
		depth = frappe.get_doc("Triage Question", {"seed_key": "flood-depth"})
		depth.question = "Air setinggi apa? (cm)"
		depth.save()
		frappe.delete_doc(
			"Triage Question", frappe.db.get_value("Triage Question", {"seed_key": "fire-trapped"})
		)
		self.assertEqual(seed_triage_questions(), [])
		self.assertEqual(
			frappe.db.get_value("Triage Question", depth.name, "question"), "Air setinggi apa? (cm)"
		)
		self.assertFalse(frappe.db.exists("Triage Question", {"seed_key": "fire-trapped"}))

	def test_a_seeded_flood_question_raises_a_deep_flood(self):
		seed_triage_questions()
		depth = frappe.db.get_value("Triage Question", {"seed_key": "flood-depth"})
		self.assertTrue(depth)
		incident = make_incident("Flood", triage_answers=[{"question": depth, "answer": "120"}])
		self.assertEqual(incident.priority, "P1")
		self.assertIn("Search and Rescue", [r.agency_type for r in incident.triage_agency_types])

	def test_wrong_answers_are_refused_and_nothing_is_written(self):
		question = make_triage_question("Flood", "Number", [{"answer": "100+", "priority_change": 1}])
		title = unique("Banjir")
		with self.assertRaises(InvalidTriageAnswerError):
			make_incident(
				"Flood", title=title, triage_answers=[{"question": question.name, "answer": "dalam"}]
			)
		self.assertFalse(frappe.db.exists("Incident", {"title": title}))
