"""Fields above a user's permission level cannot be filtered, sorted or grouped by, on any path.

The 112 Viewer reads calls at level 0; the caller's number and name are at level 1. Frappe drops
them from what a query selects, not from its filters: with yes/no questions such as "is the
number of CALL-… at least 0812435?" a Viewer recovered a whole number in about 50 requests. Here
every list, count, report, group-by, search, chart and card path Frappe offers is asked that first
question as the Viewer (each must answer 403), and as an operator (each must answer it truly).
"""

import json
from datetime import timedelta

import frappe
import pytest
from frappe.utils import now_datetime

from ambon_112.roles import OPERATOR, VIEWER
from ambon_112.tests.utils import make_call, make_user, random_number, unique
from tests.bench import login

pytestmark = pytest.mark.http

CALL = "Emergency Call"


@pytest.fixture(scope="module")
def world(site):
	# A month and more back: the goal graph shows the current month from the document, not the query.
	number = random_number()
	call = make_call(
		caller_number=number,
		caller_name=unique("Bapak Rahasia"),
		received_at=now_datetime() - timedelta(days=45),
	)
	aml = frappe.get_doc(
		{
			"doctype": "AML Location",
			"transport": "HTTPS",
			"device_number": number,
			"latitude": -3.69,
			"longitude": 128.18,
		}
	).insert(ignore_permissions=True)
	users = {"viewer": make_user([VIEWER]), "operator": make_user([OPERATOR])}
	# Assigned, so that the sidebar's "Assigned To" count has something to count.
	frappe.get_doc(
		{
			"doctype": "ToDo",
			"description": "Telepon balik",
			"allocated_to": users["operator"],
			"reference_type": CALL,
			"reference_name": call.name,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	return frappe._dict(call=call.name, number=number, aml=aml.name, users=users)


def method(session, server, path, **params):
	return session.get(f"{server}/api/method/{path}", params=params, timeout=60)


def on_number(world, operator, value, field="caller_number", doctype=CALL, name=None):
	return [[doctype, "name", "=", name or world.call], [doctype, field, operator, value]]


# Each oracle asks "does the call's number compare so with value?" through one path; it returns
# the response and how to read a yes from it.
ORACLES = {
	"/api/resource": lambda s, srv, w, op, v: (
		s.get(
			f"{srv}/api/resource/{CALL}",
			params={"filters": json.dumps(on_number(w, op, v)), "limit_page_length": 0},
			timeout=60,
		),
		lambda m: bool(m["data"]),
	),
	"/api/v2/document": lambda s, srv, w, op, v: (
		s.get(
			f"{srv}/api/v2/document/{CALL}", params={"filters": json.dumps(on_number(w, op, v))}, timeout=60
		),
		lambda m: bool(m["data"]),
	),
	"/api/v2/doctype/count": lambda s, srv, w, op, v: (
		s.get(
			f"{srv}/api/v2/doctype/{CALL}/count",
			params={"filters": json.dumps(on_number(w, op, v))},
			timeout=60,
		),
		lambda m: m["data"] > 0,
	),
	"frappe.client.get_list": lambda s, srv, w, op, v: (
		method(s, srv, "frappe.client.get_list", doctype=CALL, filters=json.dumps(on_number(w, op, v))),
		lambda m: bool(m["message"]),
	),
	"frappe.client.get_count": lambda s, srv, w, op, v: (
		method(s, srv, "frappe.client.get_count", doctype=CALL, filters=json.dumps(on_number(w, op, v))),
		lambda m: m["message"] > 0,
	),
	"frappe.client.get_value": lambda s, srv, w, op, v: (
		method(
			s,
			srv,
			"frappe.client.get_value",
			doctype=CALL,
			fieldname="name",
			filters=json.dumps(on_number(w, op, v)),
		),
		lambda m: bool(m.get("message")),
	),
	"frappe.desk.reportview.get": lambda s, srv, w, op, v: (
		method(
			s,
			srv,
			"frappe.desk.reportview.get",
			doctype=CALL,
			fields=json.dumps([f"`tab{CALL}`.`name`"]),
			filters=json.dumps(on_number(w, op, v)),
		),
		lambda m: bool(m["message"] and m["message"]["values"]),
	),
	"frappe.desk.reportview.get_count": lambda s, srv, w, op, v: (
		method(
			s, srv, "frappe.desk.reportview.get_count", doctype=CALL, filters=json.dumps(on_number(w, op, v))
		),
		lambda m: m["message"] > 0,
	),
	"frappe.desk.reportview.get_list": lambda s, srv, w, op, v: (
		method(
			s,
			srv,
			"frappe.desk.reportview.get_list",
			doctype=CALL,
			fields=json.dumps(["name"]),
			filters=json.dumps(on_number(w, op, v)),
		),
		lambda m: bool(m["message"]),
	),
	"frappe.desk.reportview.get_stats": lambda s, srv, w, op, v: (
		method(
			s,
			srv,
			"frappe.desk.reportview.get_stats",
			doctype=CALL,
			stats=json.dumps(["owner"]),
			filters=json.dumps(on_number(w, op, v)),
		),
		lambda m: bool(m["message"]["owner"]),
	),
	"frappe.desk.listview.get_group_by_count": lambda s, srv, w, op, v: (
		method(
			s,
			srv,
			"frappe.desk.listview.get_group_by_count",
			doctype=CALL,
			current_filters=json.dumps(on_number(w, op, v)),
			field="owner",
		),
		lambda m: bool(m["message"]),
	),
	"frappe.desk.listview.get_group_by_count assigned_to": lambda s, srv, w, op, v: (
		method(
			s,
			srv,
			"frappe.desk.listview.get_group_by_count",
			doctype=CALL,
			current_filters=json.dumps(on_number(w, op, v)),
			field="assigned_to",
		),
		lambda m: bool(m["message"]),
	),
	"frappe.desk.search.search_link": lambda s, srv, w, op, v: (
		method(
			s,
			srv,
			"frappe.desk.search.search_link",
			doctype=CALL,
			txt="",
			filters=json.dumps(on_number(w, op, v)),
			ignore_user_permissions=1,
		),
		lambda m: bool(m["message"]),
	),
	"number card": lambda s, srv, w, op, v: (
		method(
			s,
			srv,
			"frappe.desk.doctype.number_card.number_card.get_result",
			doc=json.dumps({"function": "Count", "document_type": CALL}),
			filters=json.dumps(on_number(w, op, v)),
		),
		lambda m: m["message"] > 0,
	),
	"heatmap chart": lambda s, srv, w, op, v: (
		method(
			s,
			srv,
			"frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
			no_cache=1,
			chart=json.dumps(
				{
					"name": "probe",
					"type": "Heatmap",
					"chart_type": "Count",
					"document_type": CALL,
					"based_on": "received_at",
					"heatmap_year": (now_datetime() - timedelta(days=45)).year,
					"filters_json": json.dumps([[*f, False] for f in on_number(w, op, v)]),
				}
			),
		),
		lambda m: sum(m["message"]["dataPoints"].values()) > 0,
	),
	"goal graph": lambda s, srv, w, op, v: (
		method(
			s,
			srv,
			"frappe.utils.goal.get_monthly_goal_graph_data",
			title="probe",
			doctype=CALL,
			docname=w.call,
			goal_value_field="answer_delay_seconds",
			goal_total_field="answer_delay_seconds",
			goal_history_field="notes",
			goal_doctype=CALL,
			goal_doctype_link="incident",
			goal_field="name",
			date_field="received_at",
			aggregation="count",
			filters=json.dumps({"name": w.call, "caller_number": [op, v]}),
		),
		lambda m: sum(m["message"]["data"]["datasets"][0]["values"]) > 0,
	),
	"AML device number (get_count)": lambda s, srv, w, op, v: (
		method(
			s,
			srv,
			"frappe.client.get_count",
			doctype="AML Location",
			filters=json.dumps(on_number(w, op, v, "device_number", "AML Location", w.aml)),
		),
		lambda m: m["message"] > 0,
	),
}


def ask(oracle, session, server, world, operator, value):
	response, read = ORACLES[oracle](session, server, world, operator, value)
	return response, (read(response.json()) if response.ok else None)


def recover(question, length: int) -> tuple[str, int]:
	"""A number found digit by digit with "is it >= …?" questions (binary search): (number, questions)."""
	number, asked = "", 0
	while len(number) < length:
		low, high = 0, 9  # the digit lies in low..high
		while low < high:
			middle = (low + high + 1) // 2
			asked += 1
			if question(">=", number + str(middle)):
				low = middle
			else:
				high = middle - 1
		number += str(low)
	return number, asked


@pytest.mark.parametrize("oracle", ORACLES)
def test_the_viewer_may_not_ask_about_the_caller_number(server, world, oracle):
	session = login(server, world.users["viewer"])
	response, answer = ask(oracle, session, server, world, ">=", "0")
	assert response.status_code == 403, (oracle, response.status_code, response.text[:500])
	assert answer is None and world.number not in response.text
	body = response.json()
	assert body.get("exc_type", (body.get("errors") or [{}])[0].get("type")) == "PermissionError"


@pytest.mark.parametrize("oracle", ORACLES)
def test_an_operator_still_filters_on_the_caller_number(server, world, oracle):
	session = login(server, world.users["operator"])
	assert ask(oracle, session, server, world, "=", world.number)[1] is True, oracle
	assert ask(oracle, session, server, world, "=", world.number + "9")[1] is False, oracle
	assert ask(oracle, session, server, world, "like", world.number[:7] + "%")[1] is True, oracle


def test_the_binary_search_works_for_an_operator_and_not_for_the_viewer(server, world):
	"""The attack itself: ~50 questions recover the number; the Viewer is stopped at the first."""
	operator = login(server, world.users["operator"])
	number, asked = recover(
		lambda op, value: ask("frappe.client.get_count", operator, server, world, op, value)[1],
		len(world.number),
	)
	assert number == world.number and asked <= 4 * len(world.number)
	viewer = login(server, world.users["viewer"])
	for oracle in ORACLES:
		with pytest.raises(PermissionError):
			recover(lambda op, value, o=oracle: _refused(ask(o, viewer, server, world, op, value)), 12)


def _refused(asked):
	response, answer = asked
	if response.status_code == 403:
		raise PermissionError(response.text)
	return answer


# ---------------------------------------------------------------- sorts, groupings, expressions

# Requests that sort, group or compute on the caller's number: the Viewer 403, an operator 200.
SHAPES = {
	"/api/resource order_by": lambda s, srv, w: s.get(
		f"{srv}/api/resource/{CALL}", params={"order_by": "caller_number asc"}, timeout=60
	),
	"frappe.client.get_list order_by": lambda s, srv, w: method(
		s, srv, "frappe.client.get_list", doctype=CALL, order_by="`tabEmergency Call`.`caller_number` desc"
	),
	"reportview.get order_by": lambda s, srv, w: method(
		s,
		srv,
		"frappe.desk.reportview.get",
		doctype=CALL,
		fields=json.dumps(["`tabEmergency Call`.`name`"]),
		order_by="`tabEmergency Call`.`CALLER_NUMBER` asc",
	),
	"reportview.get group_by (report builder)": lambda s, srv, w: method(
		s,
		srv,
		"frappe.desk.reportview.get",
		doctype=CALL,
		fields=json.dumps(["`tabEmergency Call`.`name`"]),
		group_by="`tabEmergency Call`.`caller_number`",
		aggregate_function="count",
		aggregate_on_field="name",
		aggregate_on_doctype=CALL,
	),
	# Frappe strips a computed column by its first name only ("name" here): this one returned the number.
	"reportview.get computed column": lambda s, srv, w: method(
		s,
		srv,
		"frappe.desk.reportview.get",
		doctype=CALL,
		fields=json.dumps(["max(name)*0+max(caller_number) as n"]),
		filters=json.dumps({"name": w.call}),
	),
	"frappe.client.get_list computed column": lambda s, srv, w: method(
		s,
		srv,
		"frappe.client.get_list",
		doctype=CALL,
		fields=json.dumps(["max(name)*0+max(caller_number) as n"]),
		filters=json.dumps({"name": w.call}),
	),
	"group-by chart": lambda s, srv, w: method(
		s,
		srv,
		"frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
		no_cache=1,
		chart=json.dumps(
			{
				"name": "probe",
				"chart_type": "Group By",
				"type": "Bar",
				"document_type": CALL,
				"group_by_type": "Count",
				"group_by_based_on": "caller_number",
				"filters_json": "[]",
			}
		),
	),
	"listview.get_group_by_count field": lambda s, srv, w: method(
		s,
		srv,
		"frappe.desk.listview.get_group_by_count",
		doctype=CALL,
		current_filters="[]",
		field="caller_number",
	),
	"reportview.get_filter_dashboard_data": lambda s, srv, w: method(
		s,
		srv,
		"frappe.desk.reportview.get_filter_dashboard_data",
		doctype=CALL,
		stats=json.dumps([{"name": "caller_number", "type": "Data"}]),
		filters="[]",
	),
	"form.utils.get_next sort_field": lambda s, srv, w: method(
		s,
		srv,
		"frappe.desk.form.utils.get_next",
		doctype=CALL,
		value=w.call,
		prev=0,
		sort_field="caller_number",
	),
	"workflow state count": lambda s, srv, w: method(
		s,
		srv,
		"frappe.workflow.doctype.workflow.workflow.get_workflow_state_count",
		doctype=CALL,
		workflow_state_field="caller_number",
		states="[]",
	),
	"number card on the number": lambda s, srv, w: method(
		s,
		srv,
		"frappe.desk.doctype.number_card.number_card.get_result",
		doc=json.dumps(
			{"function": "Maximum", "document_type": CALL, "aggregate_function_based_on": "caller_number"}
		),
		filters=json.dumps({"name": w.call}),
	),
	"search_link searchfield": lambda s, srv, w: method(
		s,
		srv,
		"frappe.desk.search.search_link",
		doctype=CALL,
		txt=w.call,
		searchfield="caller_number",
		ignore_user_permissions=1,
	),
}


@pytest.mark.parametrize("shape", SHAPES)
def test_the_viewer_may_not_sort_group_or_compute_on_the_caller_number(server, world, shape):
	response = SHAPES[shape](login(server, world.users["viewer"]), server, world)
	if shape == "search_link searchfield":
		# Selecting a field is Frappe's business: it is left out of what comes back.
		assert response.ok and world.call in response.text
	else:
		assert response.status_code == 403, (shape, response.status_code, response.text[:500])
	assert world.number not in response.text and world.number[1:] not in response.text


@pytest.mark.parametrize("shape", SHAPES)
def test_an_operator_may_sort_group_and_compute_on_it(server, world, shape):
	response = SHAPES[shape](login(server, world.users["operator"]), server, world)
	assert response.ok, (shape, response.text[:500])


def test_a_plain_column_is_still_dropped_from_what_the_viewer_selects(server, world):
	session = login(server, world.users["viewer"])
	fields = ["name", "caller_number as x", "`tabEmergency Call`.`caller_number` as y", "caller_name"]
	response = method(
		session,
		server,
		"frappe.client.get_list",
		doctype=CALL,
		fields=json.dumps(fields),
		filters=json.dumps({"name": world.call}),
	)
	assert response.ok and response.json()["message"] == [{"name": world.call}]


def test_export_is_refused_to_the_viewer(server, world):
	# The Viewer holds no export right on calls: refused before any filter is looked at.
	response = method(
		login(server, world.users["viewer"]),
		server,
		"frappe.desk.reportview.export_query",
		doctype=CALL,
		file_format_type="CSV",
		fields=json.dumps(["`tabEmergency Call`.`name`"]),
		filters=json.dumps(on_number(world, ">=", "0")),
	)
	assert response.status_code == 403


# ---------------------------------------------------------------- app code is not affected


def test_queries_that_ignore_permissions_are_unaffected(world):
	from ambon_112.security.install import install_query_guards

	install_query_guards()
	frappe.set_user(world.users["viewer"])
	assert frappe.get_all(CALL, filters={"caller_number": world.number}, pluck="name") == [world.call]
	with pytest.raises(frappe.PermissionError):
		frappe.get_list(CALL, filters={"caller_number": world.number})
	with pytest.raises(frappe.PermissionError):
		frappe.get_list(CALL, order_by="caller_number desc")
	frappe.set_user(world.users["operator"])
	assert frappe.get_list(CALL, filters={"caller_number": world.number}, pluck="name") == [world.call]


# ---------------------------------------------------------------- filters written as raw SQL

# Frappe runs a string in a filter list as SQL: any table became a yes/no oracle.
AUTH = "exists(select 1 from `__Auth` where fieldname = 'password')"
RAW = {
	"frappe.desk.reportview.get_stats": lambda s, srv, raw: method(
		s, srv, "frappe.desk.reportview.get_stats", doctype=CALL, stats='["owner"]', filters=raw
	),
	"frappe.client.get_count": lambda s, srv, raw: method(
		s, srv, "frappe.client.get_count", doctype=CALL, filters=raw
	),
	"number card": lambda s, srv, raw: method(
		s,
		srv,
		"frappe.desk.doctype.number_card.number_card.get_result",
		doc=json.dumps({"function": "Count", "document_type": CALL}),
		filters=raw,
	),
}


@pytest.mark.parametrize("path", RAW)
@pytest.mark.parametrize("user", ["viewer", "operator"])
def test_a_filter_written_in_sql_is_refused(server, world, path, user):
	session = login(server, world.users[user])
	for condition in (AUTH, "1 /* ' */ or 1"):
		response = RAW[path](session, server, json.dumps([["name", "=", world.call], condition]))
		assert response.status_code == 403, (path, condition, response.status_code, response.text[:300])
	# On the query's own columns a condition is accepted, subject to the field levels.
	response = RAW[path](session, server, json.dumps([["name", "=", world.call], "caller_number like '08%'"]))
	assert response.status_code == (403 if user == "viewer" else 200), (path, response.text[:300])


def test_frappes_own_sidebar_conditions_still_count(server, world):
	"""The list sidebar's counts build their own string conditions from a column name."""
	for user in ("viewer", "operator"):
		response = method(
			login(server, world.users[user]),
			server,
			"frappe.desk.reportview.get_filter_dashboard_data",
			doctype=CALL,
			stats=json.dumps(
				[{"name": "kelurahan", "type": "Link"}, {"name": "call_state", "type": "Select"}]
			),
			filters=json.dumps([["name", "=", world.call]]),
		)
		assert response.ok, response.text[:300]
		assert response.json()["message"]["call_state"] == [["Ringing", 1]]
