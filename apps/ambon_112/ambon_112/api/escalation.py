"""Whitelisted endpoints of the escalation engine."""

import frappe

from ambon_112.escalation import acknowledge as ack


@frappe.whitelist(methods=["POST"])
def acknowledge(log: str) -> dict:
	"""Acknowledge an escalation (from the desk alert or the log): its reminders stop."""
	return ack.acknowledge(log)
