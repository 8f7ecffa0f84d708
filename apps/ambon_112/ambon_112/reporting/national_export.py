"""The national 112 export for a period: one row per call and per incident, paginated.

From the desk: the "National 112 Export" script report (CSV/XLSX through the report's own
export). From outside: ``GET /api/method/ambon_112.reporting.national_export.export`` with the
token of a user holding "112 Reporting" (or a supervisor/administrator), format json, csv or xlsx.
"""

import secrets

import frappe
from frappe import _
from frappe.utils import cint
from frappe.utils.csvutils import to_csv
from frappe.utils.xlsxutils import make_xlsx

from ambon_112.command_centre import report_filters as rf
from ambon_112.core import national_export as ne
from ambon_112.reporting.access import require_role
from ambon_112.roles import ADMINISTRATOR, REPORTING, SUPERVISOR

EXPORT_ROLES = (REPORTING, SUPERVISOR, ADMINISTRATOR, "System Manager")
KINDS = ("calls", "incidents")
FORMATS = ("json", "csv", "xlsx")
MAX_PAGE_LENGTH = 5000
CALL_FIELDS = [
	"name", "received_at", "answered_at", "answer_delay_seconds", "channel", "call_state",
	"classification", "kelurahan", "incident", "caller_number_normalized",
]  # fmt: skip
INCIDENT_FIELDS = [
	"name", "reported_at", "incident_type", "priority", "status", "kecamatan", "kelurahan",
	"first_dispatch_at", "first_on_scene_at", "resolved_at",
]  # fmt: skip


@frappe.whitelist(methods=["GET"])
def export(kind="calls", from_date=None, to_date=None, page=1, page_length=1000, format="json"):
	require_role(EXPORT_ROLES)
	kind = rf.choice(frappe._dict(kind=kind), "kind", KINDS, KINDS[0])
	fmt = rf.choice(frappe._dict(format=format), "format", FORMATS, FORMATS[0])
	page, page_length = max(1, cint(page)), min(max(1, cint(page_length)), MAX_PAGE_LENGTH)
	period = rf.period(frappe._dict(from_date=from_date, to_date=to_date))
	rows = export_rows(kind, period, start=(page - 1) * page_length, page_length=page_length + 1)
	has_more = len(rows) > page_length
	rows = rows[:page_length]
	if fmt == "json":
		return {"kind": kind, "page": page, "page_length": page_length, "has_more": has_more, "rows": rows}
	columns = list(rows[0]) if rows else []
	table = [columns, *[[r[c] for c in columns] for r in rows]]
	name = f"national-112-{kind}-{period.start}-{period.end}-p{page}"
	frappe.response["type"] = "download"
	if fmt == "csv":
		frappe.response["filename"], frappe.response["filecontent"] = f"{name}.csv", to_csv(table)
	else:
		frappe.response["filename"] = f"{name}.xlsx"
		frappe.response["filecontent"] = make_xlsx(table, kind).getvalue()


def export_rows(kind, period, start=0, page_length=0) -> list[dict]:
	# get_all: the caller's role was checked by only_for; the number never leaves this function unhashed.
	def real_records(doctype: str, fields: list[str], date_field: str) -> list[dict]:
		"""The page's records of the period, oldest first; exercises left out."""
		return frappe.get_all(
			doctype,
			filters=[*period.filters(date_field), ["is_exercise", "=", 0]],
			fields=fields,
			order_by=f"{date_field} asc, name asc",
			limit_start=start,
			limit_page_length=page_length,
		)

	if kind == "calls":
		salt, class_map, kecamatan_of = export_salt(), call_class_map(), rf.kecamatan_of()
		calls = real_records("Emergency Call", CALL_FIELDS, "received_at")
		return [
			ne.call_row({**c, "kecamatan": kecamatan_of.get(c.kelurahan)}, class_map, salt) for c in calls
		]
	type_map, roots, kecamatan_of = incident_type_map(), rf.incident_type_roots(), rf.kecamatan_of()
	incidents = real_records("Incident", INCIDENT_FIELDS, "reported_at")
	return [
		ne.incident_row({**i, "kecamatan": i.kecamatan or kecamatan_of.get(i.kelurahan)}, type_map, roots)
		for i in incidents
	]


def call_class_map() -> dict:
	return dict(
		frappe.get_all("National Call Class Map", fields=["call_class", "national_class"], as_list=True)
	)


def incident_type_map() -> dict:
	return dict(
		frappe.get_all(
			"National Incident Type Map", fields=["incident_type", "national_category"], as_list=True
		)
	)


def export_salt() -> str:
	"""The site's secret for the caller hash, kept encrypted (Password field), made at install/migrate.

	Never made here: a GET request is not committed, so a salt made inside it would differ per page.
	"""
	salt = frappe.get_single("Reporting Settings").get_password("export_salt", raise_exception=False)
	if not salt:
		frappe.throw(_("The export salt is missing: run a migrate of the site."))
	return salt


def seed_export_salt():
	settings = frappe.get_single("Reporting Settings")
	if not settings.get_password("export_salt", raise_exception=False):
		settings.export_salt = secrets.token_hex(32)
		settings.save(ignore_permissions=True)


def seed_call_class_map():
	"""The default mapping, row by row when missing: admins' edits are never overwritten."""
	for call_class, national in {**ne.DEFAULT_CALL_MAP, ne.UNCLASSIFIED: "normal"}.items():
		if not frappe.db.exists("National Call Class Map", call_class):
			frappe.get_doc(
				{"doctype": "National Call Class Map", "call_class": call_class, "national_class": national}
			).insert(ignore_permissions=True)
