"""A small demo world on top of the reference data: users for each role, units, calls, incidents.

For trying the desk and the portal; never load it on the production site.
"""

import json

import frappe
from frappe.utils import add_to_date, now_datetime

from ambon_112.core.call_states import EMERGENCY
from ambon_112.setup.reference_data import fixtures_path

DEMO_FILE = "demo.json"


def load_demo_data(path: str | None = None) -> dict:
	demo = json.loads((fixtures_path(path) / DEMO_FILE).read_text(encoding="utf-8"))
	counts = {"User": 0, "Emergency Unit": 0, "Emergency Call": 0, "Incident": 0, "Dispatch": 0}
	for user in demo["users"]:
		counts["User"] += _ensure_user(user, demo["password"])
	for unit in demo["units"]:
		if not frappe.db.exists("Emergency Unit", unit["call_sign"]):
			frappe.get_doc({"doctype": "Emergency Unit", **unit}).insert(ignore_permissions=True)
			counts["Emergency Unit"] += 1
	if not frappe.db.exists("Emergency Call", {"notes": ("like", "[demo]%")}):
		for scenario in demo["scenarios"]:
			_play(scenario, counts)
	return counts


def _ensure_user(spec: dict, password: str) -> int:
	if frappe.db.exists("User", spec["email"]):
		return 0
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": spec["email"],
			"first_name": spec["first_name"],
			"language": "id",
			"send_welcome_email": 0,
			"user_type": "System User" if spec.get("desk", 1) else "Website User",
			"new_password": password,
			"roles": [{"role": r} for r in spec["roles"]],
		}
	).insert(ignore_permissions=True)
	if spec.get("agency"):
		agency = frappe.get_doc("Agency", spec["agency"])
		agency.append("members", {"user": user.name, "position": spec.get("position")})
		agency.save(ignore_permissions=True)
	return 1


def _play(scenario: dict, counts: dict):
	"""One story: the calls that reported it, the incident and its dispatches, minutes ago."""
	now = now_datetime()
	incident = None
	if scenario.get("incident"):
		incident = frappe.get_doc({"doctype": "Incident", **scenario["incident"]}).insert(
			ignore_permissions=True
		)
		counts["Incident"] += 1
	for call in scenario["calls"]:
		received = add_to_date(now, minutes=-call.pop("minutes_ago"))
		answered = call.pop("answered_after_s", None)
		doc = frappe.get_doc(
			{
				"doctype": "Emergency Call",
				"received_at": received,
				"answered_at": add_to_date(received, seconds=answered) if answered is not None else None,
				"ended_at": add_to_date(received, seconds=call.pop("ended_after_s")),
				"incident": incident.name if incident and call.get("classification") == EMERGENCY else None,
				"notes": "[demo] " + call.pop("notes", ""),
				**call,
			}
		)
		doc.insert(ignore_permissions=True)
		counts["Emergency Call"] += 1
	for dispatch in scenario.get("dispatches", []):
		frappe.get_doc({"doctype": "Dispatch", "incident": incident.name, **dispatch}).insert(
			ignore_permissions=True
		)
		counts["Dispatch"] += 1
