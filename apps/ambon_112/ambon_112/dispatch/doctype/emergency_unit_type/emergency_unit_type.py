# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class EmergencyUnitType(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from ambon_112.dispatch.doctype.emergency_unit_capability.emergency_unit_capability import (
			EmergencyUnitCapability,
		)

		agency_type: DF.Link | None
		capabilities: DF.TableMultiSelect[EmergencyUnitCapability]
		description: DF.SmallText | None
		unit_type_name: DF.Data
	# end: auto-generated types
	pass
