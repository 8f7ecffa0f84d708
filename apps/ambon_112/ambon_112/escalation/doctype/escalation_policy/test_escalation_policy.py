# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from ambon_112.escalation.defaults import DEFAULT_POLICIES, SEEDED_KEY, seed_default_policies
from ambon_112.exceptions import InvalidEscalationPolicyError
from ambon_112.roles import ADMINISTRATOR, SUPERVISOR
from ambon_112.tests.utils import escalation_level, make_escalation_policy, make_user

SUP = [SUPERVISOR]


def levels_of(policy_name):
	doc = frappe.get_doc("Escalation Policy", policy_name)
	return [(row.level, row.trigger_condition, row.delay_seconds) for row in doc.levels]


class TestEscalationPolicy(FrappeTestCase):
	def test_defaults_follow_the_standards(self):
		self.assertEqual(
			levels_of("Panggilan belum dijawab"), [(1, "Call Unanswered", 15), (2, "Call Unanswered", 30)]
		)
		p1 = frappe.get_doc("Escalation Policy", "Insiden P1 belum didispatch")
		self.assertEqual((p1.applies_to, p1.priority_p1, p1.priority_p2), ("Incident", 1, 0))
		self.assertEqual(p1.levels[0].delay_seconds, 60)
		turnout = levels_of("Unit belum merespons dispatch")
		self.assertEqual([t[2] for t in turnout if t[1] == "Dispatch Not Acknowledged"], [60, 80])
		on_scene = frappe.get_doc("Escalation Policy", "Unit P1 belum tiba di lokasi")
		self.assertEqual((on_scene.priority_p1, on_scene.inside_city_only), (1, 1))
		self.assertEqual(on_scene.levels[0].delay_seconds, 8 * 60)
		self.assertEqual(
			frappe.db.count(
				"Escalation Policy",
				{"policy_name": ("in", [p["policy_name"] for p in DEFAULT_POLICIES.values()])},
			),
			len(DEFAULT_POLICIES),
		)

	def test_seeding_again_never_overwrites_an_edit_nor_revives_a_deleted_policy(self):
		edited = frappe.get_doc("Escalation Policy", "Panggilan belum dijawab")
		edited.levels[0].delay_seconds = 20
		edited.is_active = 0
		edited.save()
		frappe.delete_doc("Escalation Policy", "Insiden terbuka terlalu lama", ignore_permissions=True)
		self.assertEqual(seed_default_policies(), [])
		self.assertFalse(frappe.db.exists("Escalation Policy", "Insiden terbuka terlalu lama"))
		edited.reload()
		self.assertEqual((edited.levels[0].delay_seconds, edited.is_active), (20, 0))

	def test_a_site_that_never_had_the_defaults_gets_them(self):
		frappe.db.delete("DefaultValue", {"parent": "__default", "defkey": SEEDED_KEY})
		frappe.delete_doc("Escalation Policy", "Insiden terbuka terlalu lama", ignore_permissions=True)
		self.assertEqual(seed_default_policies(), ["incident-open-long"])
		self.assertEqual(
			levels_of("Insiden terbuka terlalu lama")[0], (1, "Incident Open Too Long", 4 * 3600)
		)

	def test_levels_are_numbered_and_recipient_lists_tidied(self):
		policy = make_escalation_policy(
			"Emergency Call",
			[
				{
					**escalation_level(0, "Call Unanswered", 15),
					"notify_roles": f" {SUPERVISOR} \n\n{SUPERVISOR},{ADMINISTRATOR}",
				},
				escalation_level(0, "Call Unanswered", 30, SUP),
			],
		)
		self.assertEqual([row.level for row in policy.levels], [1, 2])
		self.assertEqual(policy.levels[0].notify_roles, f"{SUPERVISOR}\n{ADMINISTRATOR}")

	def test_a_trigger_must_concern_what_the_policy_applies_to(self):
		with self.assertRaisesRegex(InvalidEscalationPolicyError, "Unit Not On Scene"):
			make_escalation_policy("Incident", [escalation_level(1, "Unit Not On Scene", 60, SUP)])

	def test_a_call_policy_has_no_priority_agency_or_raise(self):
		with self.assertRaises(InvalidEscalationPolicyError):
			make_escalation_policy(
				"Emergency Call", [escalation_level(1, "Call Unanswered", 15, SUP)], priority_p1=1
			)
		with self.assertRaises(InvalidEscalationPolicyError):
			make_escalation_policy(
				"Emergency Call", [escalation_level(1, "Call Unanswered", 15, agency=True)]
			)
		with self.assertRaises(InvalidEscalationPolicyError):
			make_escalation_policy(
				"Emergency Call", [escalation_level(1, "Call Unanswered", 15, SUP, raise_priority=True)]
			)

	def test_a_level_must_do_something_to_someone_who_exists(self):
		with self.assertRaisesRegex(InvalidEscalationPolicyError, "does nothing"):
			make_escalation_policy("Incident", [escalation_level(1, "Incident Not Triaged", 60)])
		with self.assertRaisesRegex(InvalidEscalationPolicyError, "Kepala Dinas"):
			make_escalation_policy(
				"Incident", [escalation_level(1, "Incident Not Triaged", 60, ["Kepala Dinas"])]
			)
		gone = make_user([SUPERVISOR])
		frappe.db.set_value("User", gone, "enabled", 0)
		with self.assertRaisesRegex(InvalidEscalationPolicyError, "no enabled user"):
			make_escalation_policy(
				"Incident", [escalation_level(1, "Incident Not Triaged", 60, users=[gone])]
			)
		with self.assertRaisesRegex(InvalidEscalationPolicyError, "negative"):
			make_escalation_policy("Incident", [escalation_level(1, "Incident Not Triaged", -5, SUP)])

	def test_only_administrators_edit_policies(self):
		operator, supervisor, admin = (make_user([r]) for r in ("112 Operator", SUPERVISOR, ADMINISTRATOR))
		for user in (operator, supervisor):
			self.assertTrue(frappe.has_permission("Escalation Policy", "read", user=user))
			self.assertFalse(frappe.has_permission("Escalation Policy", "write", user=user))
		self.assertTrue(frappe.has_permission("Escalation Policy", "create", user=admin))
		frappe.set_user(admin)
		try:
			policy = make_escalation_policy(
				"Incident", [escalation_level(1, "Incident Not Triaged", 60, SUP)]
			)
			policy.levels[0].delay_seconds = 90
			policy.save()
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(
			frappe.db.get_value("Escalation Level", {"parent": policy.name}, "delay_seconds"), 90
		)
