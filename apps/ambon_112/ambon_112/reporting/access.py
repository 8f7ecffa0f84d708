"""Who may rebuild reports and pull the export.

Not ``frappe.only_for``: it lets everyone through while ``frappe.flags.in_test`` is set, so its
refusal could never be tested in-process. Same rule, always applied.
"""

import frappe
from frappe import _


def require_role(roles) -> None:
	if frappe.session.user == "Administrator" or set(roles) & set(frappe.get_roles()):
		return
	frappe.throw(
		_("This action is only allowed for {0}.").format(", ".join(_(role) for role in roles)),
		frappe.PermissionError,
	)
