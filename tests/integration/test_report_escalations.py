"""The Escalations report: counts per policy level and acknowledgement percentiles that match an
independent computation (Python's statistics module, inclusive quantiles)."""

import statistics
from datetime import datetime, time, timedelta

import frappe
from frappe.utils import now_datetime

from ambon_112.command_centre.report.escalations.escalations import execute
from ambon_112.tests.utils import make_call, unique


def make_log(policy, level, fired_at, ack_after=None, repeat_no=0, call=None):
	return frappe.get_doc(
		{
			"doctype": "Escalation Log",
			"subject": unique("Eskalasi"),
			"policy": policy,
			"level": level,
			"repeat_no": repeat_no,
			"trigger_condition": "Call Unanswered",
			"reference_doctype": "Emergency Call",
			"reference_name": call or make_call().name,
			"fired_at": fired_at,
			"status": "Acknowledged" if ack_after is not None else "Open",
			"acknowledged_by": "Administrator" if ack_after is not None else None,
			"acknowledged_at": fired_at + timedelta(seconds=ack_after) if ack_after is not None else None,
		}
	).insert(ignore_permissions=True)


def test_counts_and_acknowledgement_percentiles_per_level(site):
	policy = frappe.get_all(
		"Escalation Policy", filters={"applies_to": "Emergency Call"}, pluck="name", limit=1
	)[0]
	# Early in today's site (WIT) day whenever the test runs: all of them fall on today.
	start = datetime.combine(now_datetime().date(), time(1, 0))
	waits = [12, 30, 45, 61, 90, 240, 15]
	for i, wait in enumerate(waits):
		make_log(policy, 1, start + timedelta(minutes=i), ack_after=wait)
	make_log(policy, 1, start + timedelta(minutes=30))  # still open: counted, not measured
	make_log(policy, 2, start + timedelta(minutes=40), ack_after=600)
	make_log(policy, 2, start + timedelta(minutes=45), ack_after=300, repeat_no=1)

	today = now_datetime().date()
	columns, rows, _message, chart, _summary = execute(
		{"from_date": today, "to_date": today, "policy": policy}
	)
	by_level = {row["level"]: row for row in rows if not row.get("bold")}
	level1, level2 = by_level[1], by_level[2]
	assert (level1["fired"], level1["acknowledged"], level1["open"], level1["reminders"]) == (8, 7, 1, 0)
	assert (level2["fired"], level2["reminders"], level2["acknowledged"]) == (1, 1, 2)
	assert level1["p50"] == statistics.median(waits)
	assert round(level1["p90"], 1) == round(statistics.quantiles(waits, n=10, method="inclusive")[8], 1)
	assert level2["p50"] == statistics.median([600, 300])
	total = rows[-1]
	assert total["bold"] and total["fired"] == 9 and total["acknowledged"] == 9
	assert chart["data"]["labels"] == [frappe._("Level {0}").format(n) for n in (1, 2)]
	assert [d["values"] for d in chart["data"]["datasets"]] == [[8, 1], [7, 2]]
	assert {c["fieldname"] for c in columns} >= {
		"policy",
		"level",
		"fired",
		"acknowledged",
		"p50",
		"p90",
		"p95",
	}


def test_agency_staff_cannot_run_it(site):
	from ambon_112.roles import AGENCY_STAFF
	from ambon_112.tests.utils import make_agency, make_user

	frappe.set_user(make_user([AGENCY_STAFF], agency=make_agency()))
	try:
		execute({})
		raise AssertionError("an agency user read the escalation log")
	except frappe.PermissionError:
		pass


def test_escalations_waiting_card_counts_the_open_firings(site):
	import json

	from frappe.desk.doctype.number_card.number_card import get_result

	card = frappe.get_doc("Number Card", "Escalations Waiting")

	def waiting():
		return get_result(card.as_dict(), json.loads(card.filters_json))

	before = waiting()
	policy = frappe.get_all("Escalation Policy", pluck="name", limit=1)[0]
	fired = now_datetime().replace(microsecond=0)
	make_log(policy, 1, fired)
	make_log(policy, 1, fired)
	make_log(policy, 1, fired, ack_after=30)
	assert waiting() == before + 2
	workspace = frappe.get_doc("Workspace", "112 Ambon")
	assert "Escalations Waiting" in {row.number_card_name for row in workspace.number_cards}
