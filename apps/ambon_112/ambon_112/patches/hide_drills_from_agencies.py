"""Drill dispatches stored before Dispatch.hidden_from_agencies existed get it from their session, by
the rule every new dispatch follows (training/guard.py): hidden unless the session included the
agencies. Only exercise dispatches can be hidden, so live ones are left as they are (0)."""

import frappe

from ambon_112.training.guard import hidden_from_agencies


def execute():
	for dispatch in frappe.get_all("Dispatch", filters={"is_exercise": 1}, fields=["name", "incident"]):
		if hidden_from_agencies(dispatch):
			frappe.db.set_value("Dispatch", dispatch.name, "hidden_from_agencies", 1, update_modified=False)
