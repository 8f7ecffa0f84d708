# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

from frappe.utils.nestedset import NestedSet


class IncidentType(NestedSet):
	nsm_parent_field = "parent_incident_type"
