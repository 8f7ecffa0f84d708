"""Frappe desk methods that check no permission, replaced (override_whitelisted_methods) by ones that do.

Agency users never reach these (portal/gate.py); they matter for every other user, whose roles
and the permission rules of each DocType must hold here as in any list.
"""

import frappe
from frappe import _
from frappe.desk import like, listview


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""The list sidebar's "Assigned To" counts, over the records the user may list.

	Frappe 15 builds the assigned_to count with ``frappe.qb`` and no permission conditions, so any
	user could count (and so probe, filter by filter) records of DocTypes or scopes they cannot read.
	Here the records come from ``frappe.get_list``, with every permission rule. Other fields already
	count through ``frappe.get_list`` in Frappe.
	"""
	if field != "assigned_to":
		return listview.get_group_by_count(doctype, current_filters, field)
	listed = frappe.get_list(doctype, filters=frappe.parse_json(current_filters), fields=["name"], run=False)
	# Raw SQL: the listed query is the final SQL frappe.get_list built (run=False), which frappe.qb
	# cannot take as a subquery. No query parameters: that SQL may hold a literal "%".
	return frappe.db.sql(  # nosemgrep: frappe-using-db-sql
		f"""select `tabToDo`.`allocated_to` as name, count(*) as count
		from `tabToDo` join `tabUser` on `tabUser`.`name` = `tabToDo`.`allocated_to`
		where `tabToDo`.`status` != 'Cancelled' and `tabUser`.`user_type` = 'System User'
			and `tabToDo`.`reference_type` = {frappe.db.escape(doctype)}
			and `tabToDo`.`reference_name` in ({listed})
		group by `tabToDo`.`allocated_to` order by count desc limit 50""",
		as_dict=True,
	)


@frappe.whitelist()
def toggle_like(doctype, name, add=False):
	"""Like a record the user may read; any other is answered as a missing one, and nothing is written.

	Frappe 15's toggle_like checks nothing: it writes ``_liked_by`` (and a Like comment) on any
	record by name, and answers differently for an existing and a missing one.
	"""
	single = frappe.get_meta(doctype).issingle
	readable = frappe.has_permission(doctype, "read") if single else _may_read(doctype, name)
	if not readable:
		frappe.throw(_("{0} {1} not found").format(_(doctype), name), frappe.DoesNotExistError)
	return like.toggle_like(doctype, name, add)


def _may_read(doctype, name) -> bool:
	return bool(
		isinstance(name, str)
		and frappe.db.exists(doctype, name)
		and frappe.has_permission(doctype, "read", doc=name)
	)
