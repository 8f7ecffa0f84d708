# Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
# For license information, please see license.txt
"""The national export in the desk: the report's own Export gives CSV and XLSX."""

from ambon_112.command_centre import report_filters as rf
from ambon_112.reporting.national_export import KINDS, export_rows


def execute(filters=None):
	filters = rf.parse(filters)
	kind = rf.choice(filters, "kind", KINDS, KINDS[0])
	rows = export_rows(kind, rf.period(filters))
	# The column names are the export's field names (the same in every language, as in the API's JSON).
	columns = [
		{"fieldname": key, "label": key, "fieldtype": "Data", "width": 150}
		for key in (rows[0] if rows else [])
	]
	return columns, rows
