"""Drills from the desk: the trainer starts, follows and ends a session, the trainee picks up a
drill call. Thin: the work is in ambon_112.training."""

import frappe

from ambon_112.training import console, drill


@frappe.whitelist(methods=["POST"])
def start_session(session: str) -> dict:
	return {"calls": drill.start(session)}


@frappe.whitelist(methods=["POST"])
def answer_call(call: str) -> dict:
	return drill.answer(call)


@frappe.whitelist(methods=["POST"])
def end_session(session: str) -> dict:
	doc = drill.end(session)
	return {"results": [r.as_dict() for r in doc.results]}


@frappe.whitelist(methods=["POST"])
def tick(session: str) -> dict:
	"""The trainer's console, every few seconds while open: ring the calls now due, then the state."""
	frappe.get_doc("Exercise Session", session).check_permission("write")
	drill.ring_due(session)
	return console.state(session)


@frappe.whitelist()
def console_state(session: str) -> dict:
	return console.state(session)
