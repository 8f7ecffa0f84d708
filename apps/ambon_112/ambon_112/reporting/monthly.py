"""Laporan Bulanan Layanan 112: built on the 1st for the month before, rebuilt on demand.

The document keeps the figures (JSON, from the KPI reports) and a PDF made by Frappe's print
format; it then goes through its workflow (Draft → Checked → Sent). Entering "Sent" mails the
PDF to the recipients in Reporting Settings when an outgoing Email Account exists.
"""

import re
from datetime import date

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import add_months, get_first_day, getdate, now_datetime

from ambon_112.reporting import monthly_figures
from ambon_112.reporting.access import require_role
from ambon_112.roles import ADMINISTRATOR, SUPERVISOR

DOCTYPE = "Monthly Service Report"
PRINT_FORMAT = "Laporan Bulanan Layanan 112"
PERIOD = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
REBUILD_ROLES = (SUPERVISOR, ADMINISTRATOR, "System Manager")
LANGUAGE = "id"


def month_of(period: str) -> date:
	if not PERIOD.match(period or ""):
		frappe.throw(_("The month must be written as YYYY-MM, e.g. 2026-10."), title=_("Invalid Month"))
	return getdate(f"{period}-01")


def scheduled_build():
	"""Cron, the 1st at 07:00 WIT: the month that has just ended."""
	previous = add_months(get_first_day(now_datetime()), -1)
	build_report(f"{previous:%Y-%m}")


@frappe.whitelist(methods=["POST"])
def rebuild(period: str) -> str:
	"""Rebuild (or build for the first time) the report of any month; the button on the form."""
	require_role(REBUILD_ROLES)
	return build_report(period).name


def build_report(period: str):
	month = month_of(period)
	figures = monthly_figures.build(month)
	name = frappe.db.get_value(DOCTYPE, {"period": period})
	doc = frappe.get_doc(DOCTYPE, name) if name else frappe.new_doc(DOCTYPE)
	doc.update(
		{
			"period": period,
			"from_date": figures["from_date"],
			"to_date": figures["to_date"],
			"figures": frappe.as_json(figures),
			"public_figures": frappe.as_json(monthly_figures.public_version(figures)),
			"built_at": now_datetime(),
		}
	)
	doc.flags.ignore_permissions = (
		True  # the caller's right to build was checked above (or it is the scheduler)
	)
	doc.save()
	attach_pdf(doc)
	return doc


def attach_pdf(doc):
	"""The print format as a private PDF; the previous PDF of a rebuilt month is replaced."""
	file_name = pdf_name(doc)
	for old in frappe.get_all(
		"File", filters={"attached_to_doctype": DOCTYPE, "attached_to_name": doc.name, "file_name": file_name}
	):
		frappe.delete_doc("File", old.name, ignore_permissions=True)
	with print_language(LANGUAGE):  # the mayor's report is in Bahasa Indonesia, whoever builds it
		pdf = frappe.get_print(DOCTYPE, doc.name, print_format=PRINT_FORMAT, doc=doc, as_pdf=True)
	frappe.get_doc(
		{
			"doctype": "File",
			"file_name": file_name,
			"attached_to_doctype": DOCTYPE,
			"attached_to_name": doc.name,
			"is_private": 1,
			"content": pdf,
		}
	).insert(ignore_permissions=True)


def pdf_file(doc) -> str | None:
	return frappe.db.get_value(
		"File",
		{"attached_to_doctype": DOCTYPE, "attached_to_name": doc.name, "file_name": pdf_name(doc)},
	)


def pdf_name(doc) -> str:
	return f"laporan-112-{doc.period}.pdf"


def recipients() -> list[str]:
	text = frappe.db.get_single_value("Reporting Settings", "monthly_report_recipients") or ""
	return [r.strip() for r in re.split(r"[\s,;]+", text) if r.strip()]


def has_outgoing_account() -> bool:
	# frappe.sendmail sends through the default outgoing account.
	return bool(frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1}))


def send(doc) -> bool:
	"""Queue the mail with the PDF; False when there is no one to send to or no way to send."""
	to = recipients()
	if not to or not has_outgoing_account() or not pdf_file(doc):
		return False
	frappe.sendmail(
		recipients=to,
		subject=_("112 Service Monthly Report {0}").format(doc.period),
		message=_("The monthly report of the Ambon 112 service for {0} is attached.").format(doc.period),
		# The PDF the head of the centre checked, by its File: the queue keeps a reference, not bytes.
		attachments=[{"fid": pdf_file(doc)}],
		reference_doctype=DOCTYPE,
		reference_name=doc.name,
	)
	return True


def send_queued(name: str):
	send(frappe.get_doc(DOCTYPE, name))
