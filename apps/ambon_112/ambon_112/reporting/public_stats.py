"""The live figures of the public page /112, cached so visitors never reach the call tables.

Every visitor reads one Redis key. When it is missing (first visit, or 10 minutes after the
last computation) one request recomputes it from a handful of aggregate queries (counts grouped
by kecamatan and type, never a row per call) and stores it for 10 minutes. Drills never count.
Definitions follow the KPI reports of the same month: calls as in "Call Classes", emergencies
(incidents) as in "Incidents by Area", answered within 15 s as in "Call Answer Time".
"""

from datetime import datetime, time

import frappe
from frappe import _
from frappe.query_builder.functions import Count, DateFormat, IfNull, Sum
from frappe.utils import add_months, get_first_day, now_datetime

from ambon_112.command_centre import report_filters as rf
from ambon_112.core.public_figures import public_figures
from ambon_112.reporting.doctype.public_112_page.public_112_page import SECTIONS
from ambon_112.reporting.rich_text import safe

CACHE_KEY = "ambon112:public_112_figures"
TTL_SECONDS = 600
PRANK = "Prank"


def get_page() -> dict:
	"""The page's cleaned text and figures, from Redis; computed by the first visit after expiry."""
	page = frappe.cache.get_value(CACHE_KEY)
	if page is None:
		page = {"sections": page_sections(), "figures": compute_figures()}
		frappe.cache.set_value(CACHE_KEY, page, expires_in_sec=TTL_SECONDS)
	return page


def page_sections() -> dict | None:
	"""The admins' text, cleaned again here too (a value written around the form is never trusted)."""
	doc = frappe.get_cached_doc("Public 112 Page")
	if not doc.is_published:
		return None
	return {field: safe(doc.get(field)) for field in SECTIONS}


def clear_cache(*args, **kwargs):
	frappe.cache.delete_value(CACHE_KEY)


@frappe.read_only()  # on the replica when there is one (continuity/replica.py)
def compute_figures(now: datetime | None = None) -> dict:
	now = now or now_datetime()
	start = datetime.combine(get_first_day(now), time.min)
	end = datetime.combine(get_first_day(add_months(now, 1)), time.min)
	raw = {
		**call_counts(start, end),
		**incident_counts(start, end),
		"prank_months": prank_months(start),
		"computed_at": now.strftime("%Y-%m-%d %H:%M"),
	}
	figures = public_figures(raw)
	figures["month"] = f"{start:%Y-%m}"
	figures["reports"] = published_reports()
	return figures


def call_counts(start, end) -> dict:
	call = frappe.qb.DocType("Emergency Call")
	answered = call.answered_at.isnotnull() & call.call_state.isin(("Answered", "Ended", "Missed"))
	row = (
		frappe.qb.from_(call)
		.select(Count("*"), Sum(answered), Sum(answered & (call.answer_delay_seconds <= 15)))
		.where(_real_calls_between(call, start, end))
	).run()[0]
	return {"calls": row[0] or 0, "answered": int(row[1] or 0), "answered_15": int(row[2] or 0)}


def incident_counts(start, end) -> dict:
	incident = frappe.qb.DocType("Incident")
	rows = (
		frappe.qb.from_(incident)
		.select(incident.incident_type, incident.kecamatan, incident.kelurahan, Count("*"))
		.where((incident.reported_at >= start) & (incident.reported_at < end) & (incident.is_exercise == 0))
		.groupby(incident.incident_type, incident.kecamatan, incident.kelurahan)
	).run()
	roots, kecamatan_of, names = rf.incident_type_roots(), rf.kecamatan_of(), rf.area_names()
	by_type, by_kecamatan = {}, {}
	unknown_area, unknown_type = _("Unknown Area"), _("Not Set")
	for incident_type, kecamatan, kelurahan, count in rows:
		group = _(roots.get(incident_type, incident_type)) if incident_type else unknown_type
		by_type[group] = by_type.get(group, 0) + count
		area = kecamatan or kecamatan_of.get(kelurahan) or unknown_area
		by_kecamatan[area] = by_kecamatan.get(area, 0) + count
	return {
		"emergencies": sum(by_type.values()),
		"by_type": by_type,
		"by_kecamatan": by_kecamatan,
		"kecamatan_names": {k: names.get(k, k) for k in by_kecamatan},
	}


def prank_months(month_start: datetime) -> list[tuple[str, int, int]]:
	"""The 12 months up to this one: (YYYY-MM, prank calls, classified calls)."""
	first = add_months(month_start, -11)
	call = frappe.qb.DocType("Emergency Call")
	month = DateFormat(call.received_at, "%Y-%m")
	rows = (
		frappe.qb.from_(call)
		.select(month, Sum(call.classification == PRANK), Sum(IfNull(call.classification, "") != ""))
		.where(_real_calls_between(call, first, add_months(month_start, 1)))
		.groupby(month)
	).run()
	found = {label: (int(prank or 0), int(classified or 0)) for label, prank, classified in rows}
	labels = [f"{add_months(first, i):%Y-%m}" for i in range(12)]
	return [(label, *found.get(label, (0, 0))) for label in labels]


def _real_calls_between(call, start, end):
	"""Calls received in [start, end), exercises left out."""
	return (call.received_at >= start) & (call.received_at < end) & (call.is_exercise == 0)


def published_reports(limit: int = 24) -> list[dict]:
	"""The public version of each sent monthly report, newest first."""
	rows = frappe.get_all(
		"Monthly Service Report",
		filters={"status": "Sent"},
		fields=["period", "public_figures"],
		order_by="period desc",
		limit_page_length=limit,
	)
	return [{"period": r.period, **(frappe.parse_json(r.public_figures) or {})} for r in rows]
