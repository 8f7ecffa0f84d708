"""The agency-scoping rule itself (ambon_112.permissions), through Frappe's permission layer: child
tables, cancelled dispatches, the sidebar counts, the hooks that register it and its indexes."""

import re

import frappe
import pytest
from frappe.desk.form.assign_to import add as assign

from ambon_112.permissions import SCOPES, condition
from ambon_112.roles import AGENCY_STAFF, OPERATOR
from ambon_112.tests.utils import make_agency, make_dispatch, make_incident, make_unit, make_user
from tests.integration.test_agency_scoping_http import child_tables

COLUMN = re.compile(r"`tab([^`]+)`\.`(\w+)`")


@pytest.fixture
def two_agencies():
	"""Damkar and Polresta, each with a unit, an incident it was sent to, and a member."""
	world = {}
	for key, agency_type, unit_type, incident_type in (
		("damkar", "Fire", "Fire Engine", "Fire"),
		("polresta", "Police", "Police Patrol", "Crime"),
	):
		agency = make_agency(agency_type)
		unit = make_unit(agency, unit_type, capabilities=[{"capability": "Fire Suppression"}])
		incident = make_incident(incident_type).name
		world[key] = frappe._dict(
			agency=agency,
			unit=unit,
			unit_type=unit_type,
			incident=incident,
			dispatch=make_dispatch(incident, unit=unit).name,
			user=make_user([AGENCY_STAFF], agency=agency),
		)
	return world


def both_ways(world):
	return ((world["damkar"], world["polresta"]), (world["polresta"], world["damkar"]))


def test_child_rows_follow_their_parent_in_every_list(two_agencies):
	for mine, theirs in both_ways(two_agencies):
		frappe.set_user(mine.user)
		own = {"Agency": mine.agency, "Emergency Unit": mine.unit, "Incident": mine.incident}
		foreign = {theirs.agency, theirs.unit, theirs.incident}
		for child, parent in child_tables().items():
			parents = set(frappe.get_list(child, fields=["parent"], parent_doctype=parent, pluck="parent"))
			assert not parents & foreign, (child, parents & foreign)
			if child in ("Agency Member", "Emergency Unit Capability", "Incident Agency"):
				assert own[parent] in parents, child  # rows the fixture made: the list is not just empty
		# Rows Frappe would fetch for any parent DocType the user may read.
		capabilities = frappe.get_list(
			"Emergency Unit Capability",
			fields=["parent"],
			parent_doctype="Emergency Unit Type",
			pluck="parent",
		)
		assert mine.unit in capabilities and theirs.unit not in capabilities
		frappe.set_user("Administrator")


def test_every_child_table_of_a_scoped_doctype_is_scoped():
	"""Derived from the metadata: a child table added to a scoped DocType must get the rule too."""
	registered = frappe.get_hooks("permission_query_conditions")
	for doctype in (*SCOPES, *child_tables()):
		assert registered.get(doctype) == ["ambon_112.permissions.query_condition"], doctype
	assert set(frappe.get_hooks("has_permission")) >= set(SCOPES)


def test_a_cancelled_dispatch_leaves_the_agency_only_that_dispatch(two_agencies):
	damkar, polresta = two_agencies["damkar"], two_agencies["polresta"]
	shared = make_incident().name
	mistaken = make_dispatch(shared, unit=make_unit(damkar.agency)).name
	make_dispatch(shared, unit=make_unit(polresta.agency, polresta.unit_type))
	frappe.db.set_value("Dispatch", mistaken, "status", "Cancelled")

	assert not frappe.has_permission("Incident", "read", doc=shared, user=damkar.user)
	assert frappe.has_permission("Dispatch", "read", doc=mistaken, user=damkar.user)
	assert frappe.has_permission("Incident", "read", doc=shared, user=polresta.user)
	frappe.set_user(damkar.user)
	assert shared not in frappe.get_list("Incident", pluck="name")
	assert mistaken in frappe.get_list("Dispatch", pluck="name")
	frappe.set_user("Administrator")

	make_dispatch(shared, unit=make_unit(damkar.agency))
	assert frappe.has_permission("Incident", "read", doc=shared, user=damkar.user)


def test_assigned_to_counts_only_the_incidents_of_the_agency(two_agencies):
	"""The override counts over frappe.get_list, so the scope applies even to a direct call."""
	from ambon_112.api.desk_overrides import get_group_by_count

	operators = {key: make_user([OPERATOR]) for key in two_agencies}
	for key, work in two_agencies.items():
		assign({"doctype": "Incident", "name": work.incident, "assign_to": [operators[key]]})
	for key, other in (("damkar", "polresta"), ("polresta", "damkar")):
		frappe.set_user(two_agencies[key].user)
		counted = {r["name"]: r["count"] for r in get_group_by_count("Incident", "{}", "assigned_to")}
		assert counted.get(operators[key]) == 1 and operators[other] not in counted
	frappe.set_user("Administrator")


def test_every_column_the_scope_reads_is_indexed(two_agencies):
	"""Each `tab<DocType>`.`column` in the rule leads an index (`parenttype` is only read together with
	the indexed `parent`)."""
	user = two_agencies["damkar"].user
	leading = {
		(table[3:], column)
		for table, column in frappe.db.sql(
			"""select table_name, column_name from information_schema.statistics
			where table_schema = database() and seq_in_index = 1"""
		)
	}
	for doctype in (*SCOPES, *child_tables()):
		rule = condition(doctype, user)
		columns = set(COLUMN.findall(rule))
		assert columns, (doctype, rule)
		for table, column in columns:
			if column == "parenttype":
				assert (table, "parent") in columns, (doctype, rule)
				continue
			assert (table, column) in leading, f"{doctype}: `tab{table}`.{column} is not indexed"
