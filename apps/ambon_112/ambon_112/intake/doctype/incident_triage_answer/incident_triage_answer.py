# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class IncidentTriageAnswer(Document):
	pass
