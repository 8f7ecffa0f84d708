"""The seeded multi-call scenarios get their scripted rhythm (call offsets), a field added after they
were seeded: only where it is still empty, so a trainer's rhythm is never overwritten."""

import frappe

from ambon_112.training.defaults import SCENARIOS


def execute():
	for spec in SCENARIOS.values():
		name, offsets = spec["scenario_name"], spec.get("call_offsets")
		if not offsets or not frappe.db.exists("Training Scenario", name):
			continue
		if not frappe.db.get_value("Training Scenario", name, "call_offsets"):
			frappe.db.set_value("Training Scenario", name, "call_offsets", offsets, update_modified=False)
