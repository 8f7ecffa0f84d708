"""The body of the monthly report's print format (and so of its PDF), with inline SVG charts.

Built here rather than in Jinja so that every value is escaped in one place (escape_html) and the
charts need no JavaScript: wkhtmltopdf renders inline SVG as it is.
"""

import frappe
from frappe import _
from frappe.utils import escape_html
from markupsafe import Markup

DOCTYPE = "Monthly Service Report"
BAR_COLOUR = "#1f4e79"


def ambon112_monthly_report(name: str) -> Markup:
	frappe.has_permission(DOCTYPE, "read", name, throw=True)
	doc = frappe.get_doc(DOCTYPE, name)
	f = frappe.parse_json(doc.figures) or {}
	if not f:
		return Markup(f"<p>{escape_html(_('This report has not been built yet.'))}</p>")
	parts = [
		f"<h2>{escape_html(_('Monthly Report of the 112 Service, Kota Ambon'))}: {escape_html(doc.period)}</h2>",
		_section(_("Calls by Class"), _calls_table(f) + svg_bars(_class_bars(f))),
		_section(
			_("Emergencies by Type"),
			_pairs(f["incidents"]["by_type"]) + svg_bars(_sorted(f["incidents"]["by_type"])),
		),
		_section(_("Emergencies by Kecamatan"), _pairs(f["incidents"]["by_kecamatan"])),
		_section(_("Answer and Processing Time"), _times_table(f)),
		_section(_("Response Time by Agency (Dispatched → On Scene)"), _agencies_table(f)),
		_section(_("Nuisance Calls and Escalations"), _misc_table(f)),
		_section(_("Staffing"), _staffing_table(f)),
		_section(_("Training and Quality Review"), _training_table(f)),
	]
	# Every value above went through escape_html: the print format prints this with |e unchanged.
	return Markup("".join(parts))


def _section(title, body) -> str:
	return f'<h3 style="margin-top:14px">{escape_html(title)}</h3>{body}'


def _table(header, rows) -> str:
	head = "".join(f"<th>{escape_html(h)}</th>" for h in header)
	body = "".join(
		"<tr>" + "".join(f"<td>{escape_html(_fmt(v))}</td>" for v in row) + "</tr>" for row in rows
	)
	return f'<table class="table table-bordered table-condensed"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _measures(rows) -> str:
	return _table((_("Measure"), _("Value")), rows)


def _fmt(value) -> str:
	if value is None:
		return "–"
	if isinstance(value, float):
		return f"{value:.1f}"
	return str(value)


def _trend(now, before) -> str:
	return f"{now - before:+d}"


def _calls_table(f) -> str:
	now, prev, year = f["calls"], f["calls_previous_month"], f["calls_previous_year"]
	rows = [
		(_(cls), now["by_class"].get(cls, 0), prev["by_class"].get(cls, 0),
			_trend(now["by_class"].get(cls, 0), prev["by_class"].get(cls, 0)),
			year["by_class"].get(cls, 0), _trend(now["by_class"].get(cls, 0), year["by_class"].get(cls, 0)))
		for cls in f["classes"]
	]  # fmt: skip
	rows.append((_("Unclassified"), now["unclassified"], prev["unclassified"], "", year["unclassified"], ""))
	rows.append((_("Total"), now["total"], prev["total"], _trend(now["total"], prev["total"]), year["total"],
		_trend(now["total"], year["total"])))  # fmt: skip
	header = (
		_("Class"),
		_("This Month"),
		_("Previous Month"),
		_("Change"),
		_("Same Month Last Year"),
		_("Change"),
	)
	return _table(header, rows)


def _pairs(counts: dict) -> str:
	return _table((_("Group"), _("Incidents")), _sorted(counts))


def _sorted(counts: dict) -> list:
	return sorted(((k, v) for k, v in counts.items() if v), key=lambda kv: (-kv[1], kv[0]))


def _class_bars(f) -> list:
	return [(_(cls), f["calls"]["by_class"].get(cls, 0)) for cls in f["classes"]]


def _times_table(f) -> str:
	a, p, r = f["answer"], f["processing"], f["reached_15_min"]
	rows = [
		(_("Answer time p50 (s)"), a["p50"]),
		(_("Answer time p90 (s)"), a["p90"]),
		(_("Answered within 15 s (%) — NENA-STA-020.1"), a["within_15"]),
		(_("Processing time p50 (s)"), p["p50"]),
		(_("Processing time p90 (s)"), p["p90"]),
		(_("Processed within 60 s (%) — NFPA 1225"), p["within_60"]),
		(_("Incidents reached within 15 minutes (%)"), r["share"]),
	]
	return _measures(rows)


def _agencies_table(f) -> str:
	rows = [(a["agency"], a["dispatches"], a["p50"], a["p90"]) for a in f["agencies"]]
	return _table((_("Agency"), _("Dispatches"), _("p50 (s)"), _("p90 (s)")), rows)


def _misc_table(f) -> str:
	e = f["escalations"]
	rows = [
		(_("Prank share of classified calls (%)"), f["prank_share"]),
		(_("Numbers that called more than once"), f["repeat_numbers"]),
		(_("Escalations fired"), e["fired"]),
		(_("Escalations acknowledged"), e["acknowledged"]),
	]
	return _measures(rows)


def _staffing_table(f) -> str:
	s = f.get("staffing")
	if not s:
		return ""
	rows = [
		(_("Shifts"), s["shifts"]),
		(_("Shifts that started short of the minimum staffing"), s["short_shifts"]),
		(_("Operators on shift"), s["operators"]),
		(_("Hours signed on at a console"), s["signed_on_hours"]),
		(_("Calls answered"), s["calls_answered"]),
		(_("Calls that waited longer than 15 s"), s["waited_too_long"]),
	]
	return _measures(rows)


def _training_table(f) -> str:
	t = f.get("training")
	if not t:
		return ""
	rows = [
		(_("Operators trained"), t["trainees"]),
		(_("Drill sessions (per trainee)"), t["sessions"]),
		(_("Training hours"), t["hours"]),
		(_("Scenarios passed"), t["passed"]),
		(_("Scenarios failed"), t["failed"]),
		(_("Live calls reviewed"), t["reviewed"]),
		(_("Share of live calls reviewed (%)"), t["review_share"]),
	]
	return _measures(rows)


def svg_bars(items: list, width: int = 480) -> str:
	"""A horizontal bar chart as inline SVG (labels and numbers escaped)."""
	items = [(label, value) for label, value in items if value]
	if not items:
		return ""
	top = max(v for _label, v in items)
	row_h, label_w = 18, 170
	height = row_h * len(items) + 4
	bars = []
	for i, (label, value) in enumerate(items):
		y = i * row_h + 2
		w = max(1, int((width - label_w - 50) * value / top))
		bars.append(
			f'<text x="0" y="{y + 12}" font-size="10">{escape_html(str(label))}</text>'
			f'<rect x="{label_w}" y="{y}" width="{w}" height="{row_h - 5}" fill="{BAR_COLOUR}"/>'
			f'<text x="{label_w + w + 4}" y="{y + 12}" font-size="10">{int(value)}</text>'
		)
	return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">{"".join(bars)}</svg>'
