"""Editable defaults of operations, seeded idempotently from after_install/after_migrate:
the three shifts of the centre (WIT), the "Shift Swap" workflow and the escalation policies of the
operations triggers. Created when missing, never overwritten; a deleted policy is not brought back."""

import frappe

from ambon_112.core.shifts import DEFAULT_SHIFTS
from ambon_112.escalation.defaults import level, seed_default_policies
from ambon_112.operations.swaps import WORKFLOW
from ambon_112.roles import ADMINISTRATOR, SUPERVISOR
from ambon_112.workflows import seed_workflow

DESCRIPTIONS = {
	"Pagi": "Shift pagi 07.00–14.00 WIT",
	"Siang": "Shift siang 14.00–21.00 WIT",
	"Malam": "Shift malam 21.00–07.00 WIT",
}

POLICIES = {
	"console-unattended": {
		"policy_name": "Konsol operator tidak terjaga",
		"applies_to": "Operator Position",
		"description": "Konsol hilang (heartbeat berhenti 45 detik) atau tidak diisi saat shift. / A console lost or left unmanned.",
		"levels": [level(1, "Console Position Unattended", 0, [SUPERVISOR])],
	},
	"shift-understaffed": {
		"policy_name": "Shift kekurangan personel",
		"applies_to": "Shift Handover",
		"description": "Jumlah operator/supervisor di bawah minimum. / A shift under the minimum staffing.",
		"levels": [
			level(1, "Shift Understaffed", 300, [SUPERVISOR]),
			level(2, "Shift Understaffed", 900, [SUPERVISOR, ADMINISTRATOR], repeat=30),
		],
	},
	"handover-acknowledge": {
		"policy_name": "Serah terima shift belum diterima",
		"applies_to": "Shift Handover",
		"description": "Supervisor masuk menerima serah terima dalam 15 menit. / Acknowledge the handover within 15 minutes.",
		"levels": [level(1, "Handover Not Acknowledged", 900, [SUPERVISOR, ADMINISTRATOR], repeat=15)],
	},
}


def seed_operations_defaults():
	seed_shift_types()
	seed_workflow(WORKFLOW)
	seed_default_policies(POLICIES)


def seed_shift_types():
	"""Only on a site with no shift types at all: an admin's own set is never topped up."""
	if frappe.db.count("Duty Shift"):
		return
	for name, start, end in DEFAULT_SHIFTS:
		frappe.get_doc(
			{
				"doctype": "Duty Shift",
				"shift_type_name": name,
				"start_time": start.strftime("%H:%M:%S"),
				"end_time": end.strftime("%H:%M:%S"),
				"is_active": 1,
				"description": DESCRIPTIONS[name],
			}
		).insert(ignore_permissions=True)
