# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import now_datetime

from ambon_112.continuity.drill import record_drill
from ambon_112.roles import ADMINISTRATOR, SUPERVISOR, VIEWER
from ambon_112.tests.utils import make_user


class TestRestoreDrill(FrappeTestCase):
	def test_nobody_records_or_edits_a_drill_but_the_drill(self):
		# Administrator passes every permission check: the controller still refuses.
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc({"doctype": "Restore Drill", "result": "Passed"}).insert(ignore_permissions=True)
		name = record_drill({"result": "Failed", "started_at": now_datetime(), "finished_at": now_datetime()})
		drill = frappe.get_doc("Restore Drill", name)
		drill.result = "Passed"
		with self.assertRaises(frappe.PermissionError):
			drill.save(ignore_permissions=True)
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("Restore Drill", name, ignore_permissions=True)

	def test_only_administrators_read_drills_and_nobody_writes_them(self):
		name = record_drill({"result": "Failed", "started_at": now_datetime(), "finished_at": now_datetime()})
		for roles, can_read in (
			([ADMINISTRATOR], True),
			(["System Manager"], True),
			([SUPERVISOR], False),
			([VIEWER], False),
		):
			user = make_user(roles)
			self.assertEqual(
				bool(frappe.has_permission("Restore Drill", "read", name, user=user)), can_read, roles
			)
			for ptype in ("write", "create", "delete"):
				self.assertFalse(frappe.has_permission("Restore Drill", ptype, user=user), (roles, ptype))

	def test_the_latest_drill_counts_from_the_last_good_one(self):
		started = now_datetime()
		good = record_drill({"result": "Passed", "started_at": started, "finished_at": started})
		failed = record_drill({"result": "Failed", "started_at": started, "finished_at": started})
		rows = {
			r.name: r
			for r in frappe.get_all(
				"Restore Drill",
				filters={"name": ("in", [good, failed])},
				fields=["name", "latest", "counting_from", "last_good_at"],
			)
		}
		self.assertEqual((rows[good].latest, rows[failed].latest), (0, 1))
		self.assertEqual(rows[failed].counting_from, rows[good].last_good_at)
