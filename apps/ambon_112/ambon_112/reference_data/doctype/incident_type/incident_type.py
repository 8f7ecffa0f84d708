# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

from frappe.utils.nestedset import NestedSet


class IncidentType(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ambon_112.reference_data.doctype.incident_type_agency_type.incident_type_agency_type import (
			IncidentTypeAgencyType,
		)
		from ambon_112.reference_data.doctype.incident_type_capability.incident_type_capability import (
			IncidentTypeCapability,
		)

		agency_types: DF.TableMultiSelect[IncidentTypeAgencyType]
		capabilities: DF.TableMultiSelect[IncidentTypeCapability]
		color: DF.Color | None
		default_priority: DF.Literal["P1", "P2", "P3", "P4"]
		description: DF.SmallText | None
		incident_type_name: DF.Data
		is_active: DF.Check
		is_group: DF.Check
		lft: DF.Int
		old_parent: DF.Link | None
		parent_incident_type: DF.Link | None
		rgt: DF.Int
	# end: auto-generated types
	nsm_parent_field = "parent_incident_type"
