"""Frappe endpoints that query with the client's filters but without ``frappe.get_list``.

They skip read permission, the agency scope and the field-level checks of
ambon_112.security.field_levels, so each is rerouted through ``frappe.get_list``:

- ``frappe.workflow.doctype.workflow.workflow.get_workflow_state_count`` groups any column the
  client names with ``frappe.get_all``: a 112 Viewer got every caller number with its count.
  Overridden (hooks.py ``override_whitelisted_methods``).
- ``frappe.desk.search.search_link`` / ``search_widget`` turn the client's
  ``ignore_user_permissions=1`` into ``ignore_permissions`` for ``frappe.get_list``: no agency
  scope and no field levels, so ``searchfield=caller_number`` listed every caller number.
  Overridden to pass it as 0 (the app uses no User Permissions, the only thing it should skip).
- ``frappe.desk.doctype.dashboard_chart.dashboard_chart.get`` draws a *heatmap* chart, which the
  client may make up itself, with ``frappe.get_all``: any user counted any DocType's records per
  day by any filter. Its ``get_heatmap_chart_config`` is replaced.
- ``frappe.utils.goal.get_monthly_goal_graph_data`` aggregates any field of any DocType with any
  SQL function through ``frappe.qb``. Its ``get_monthly_results`` is replaced.

(``get_group_by_count``'s "Assigned To" count: api/desk_overrides.py, through ``frappe.get_list``.)

The replacements are module functions that Frappe's whitelisted methods look up when they
run; Frappe offers no hook for them, so ``install`` swaps them once per process (hooks.py
``before_request`` / ``before_job``, with the query checks).
"""

import datetime

import frappe
from frappe import _
from frappe.desk import search
from frappe.utils import cint, getdate, nowdate

AGGREGATES = ("sum", "count", "avg")


@frappe.whitelist()
def get_workflow_state_count(doctype, workflow_state_field, states):
	frappe.has_permission(doctype=doctype, ptype="read", throw=True)
	if workflow_state_field not in frappe.get_meta(doctype).get_valid_columns():
		return None
	rows = frappe.get_list(
		doctype,
		fields=[workflow_state_field, "count(*) as count"],
		filters={workflow_state_field: ["not in", frappe.parse_json(states)]},
		group_by=workflow_state_field,
	)
	return [r for r in rows if r[workflow_state_field]]


@frappe.whitelist()
def search_link(
	doctype,
	txt,
	query=None,
	filters=None,
	page_length=10,
	searchfield=None,
	reference_doctype=None,
	ignore_user_permissions=False,
):
	return search.search_link(
		doctype,
		txt,
		query,
		filters,
		page_length,
		searchfield,
		reference_doctype,
		ignore_user_permissions=False,
	)


@frappe.whitelist()
def search_widget(
	doctype,
	txt,
	query=None,
	searchfield=None,
	start=0,
	page_length=10,
	filters=None,
	filter_fields=None,
	as_dict=False,
	reference_doctype=None,
	ignore_user_permissions=False,
):
	return search.search_widget(
		doctype,
		txt,
		query,
		searchfield,
		start,
		page_length,
		filters,
		filter_fields,
		as_dict,
		reference_doctype,
		ignore_user_permissions=False,
	)


def heatmap_chart_config(chart, filters, heatmap_year):
	"""Frappe's ``get_heatmap_chart_config``, reading through ``frappe.get_list``."""
	aggregate = {"Sum": "sum", "Count": "count", "Average": "avg"}[chart.chart_type]
	doctype, datefield = chart.document_type, chart.based_on
	_check_columns(doctype, datefield, chart.value_based_on)
	value_field = f"`{chart.value_based_on}`" if chart.value_based_on else "1"
	year = cint(heatmap_year) or getdate(nowdate()).year
	filters.append([doctype, datefield, ">", f"{datetime.date(year, 1, 1):%Y-%m-%d}", False])
	filters.append([doctype, datefield, "<", f"{datetime.date(year + 1, 1, 1):%Y-%m-%d}", False])
	rows = frappe.get_list(
		doctype,
		fields=[f"unix_timestamp(`{datefield}`)", f"{aggregate}({value_field})"],
		filters=filters,
		group_by=f"date(`{datefield}`)",
		order_by=f"`{datefield}` asc",
		as_list=True,
		ignore_ifnull=True,
	)
	return {"labels": [], "dataPoints": dict(rows)}


def monthly_results(goal_doctype, goal_field, date_col, filters, aggregation="sum") -> dict:
	"""Frappe's ``get_monthly_results`` ({"MM-YYYY": value}), reading through ``frappe.get_list``."""
	if str(aggregation).lower() not in AGGREGATES:
		frappe.throw(_("Invalid aggregate function"))
	_check_columns(goal_doctype, goal_field, date_col)
	rows = frappe.get_list(
		goal_doctype,
		fields=[
			f"year(`{date_col}`) * 100 + month(`{date_col}`) as month",
			f"{aggregation}(`{goal_field}`) as value",
		],
		filters=filters,
		group_by="month",
		order_by="month",
		as_list=True,
	)
	return {f"{int(month) % 100:02d}-{int(month) // 100}": value for month, value in rows if month}


def _check_columns(doctype, *fields):
	columns = frappe.get_meta(doctype).get_valid_columns()
	for field in fields:
		if field and field not in columns:
			frappe.throw(_("Field not permitted in query") + f": {field}", frappe.DataError)


def install():
	"""Swap two module functions of Frappe in place, once per process (ambon_112.security.install).

	Both are helpers called inside whitelisted methods (``dashboard_chart.get``,
	``get_monthly_goal_graph_data``), not methods themselves, so override_whitelisted_methods cannot
	reach them, and Frappe has no other hook there; overriding the whole methods would copy Frappe's code.
	"""
	# nosemgrep: frappe-monkey-patching-not-allowed
	from frappe.desk.doctype.dashboard_chart import dashboard_chart
	from frappe.utils import goal  # nosemgrep: frappe-monkey-patching-not-allowed

	dashboard_chart.get_heatmap_chart_config = heatmap_chart_config
	goal.get_monthly_results = monthly_results
