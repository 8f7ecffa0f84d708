"""The daily quality review: a reproducible sample of yesterday's live calls, as Call Review drafts."""

import frappe
from frappe.utils import add_days, getdate, nowdate

from ambon_112.core.review_sample import draw
from ambon_112.training.settings import review_seed_secret, setting

CHECKLIST = "Call Review Checklist"


def run():
	"""Scheduler (daily): sample the previous day's calls."""
	sample_day(add_days(nowdate(), -1))


def sample_day(day) -> list[str]:
	"""Call Review drafts for the sample of ``day``'s live answered calls; idempotent per day."""
	day = getdate(day)
	calls = frappe.get_all(
		"Emergency Call",
		filters={
			"is_exercise": 0,
			"answered_at": ("is", "set"),
			"received_at": ("between", (f"{day} 00:00:00", f"{day} 23:59:59.999999")),
		},
		fields=["name", "operator"],
	)
	seed = f"{review_seed_secret()}:{day}"
	chosen = draw([(c.name, c.operator) for c in calls], setting("review_share_percent"), seed)
	operators = {c.name: c.operator for c in calls}
	checklist = _default_checklist()
	items = (
		frappe.get_all(
			"Call Review Checklist Item",
			filters={"parent": checklist, "parenttype": CHECKLIST},
			fields=["item", "weight"],
			order_by="idx",
		)
		if checklist
		else []
	)
	created = []
	for call in chosen:
		if frappe.db.exists("Call Review", {"call": call}):
			continue
		frappe.get_doc(
			{
				"doctype": "Call Review",
				"call": call,
				"operator": operators[call],
				"call_date": day,
				"checklist": checklist,
				"sample_seed": seed,
				"items": [{"item": i.item, "weight": i.weight} for i in items],
			}
		).insert(ignore_permissions=True)
		created.append(call)
	return created


def _default_checklist() -> str | None:
	return frappe.db.get_value(CHECKLIST, {"is_default": 1}, "name") or frappe.db.get_value(
		CHECKLIST, {}, "name"
	)
