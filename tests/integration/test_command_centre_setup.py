"""The workspace, its widgets, the Kanban board and the default print format, as synced and seeded."""

import json

import frappe
import pytest
from frappe.desk.desktop import Workspace, get_desktop_page, get_workspace_sidebar_items
from frappe.model.workflow import get_workflow_name

from ambon_112.command_centre.defaults import seed_command_centre_defaults
from ambon_112.command_centre.kanban import BOARD
from ambon_112.core.incident_states import INCIDENT_CLOSED, INCIDENT_EXITS, INCIDENT_PROGRESS
from ambon_112.roles import AGENCY_STAFF, OPERATOR, SUPERVISOR, VIEWER
from ambon_112.tests.utils import KPI_REPORTS, make_agency, make_user

WORKSPACE = "112 Ambon"
REPORTS = {*KPI_REPORTS, "Escalations"}


def test_the_workspace_and_its_widgets_are_synced_as_standard_documents():
	workspace = frappe.get_doc("Workspace", WORKSPACE)
	# Frappe shows a workspace to users who read a DocType of its module: Dispatch, not Command Centre.
	assert workspace.public and workspace.module == "Dispatch" and not workspace.is_hidden
	for row in workspace.number_cards:
		assert frappe.db.get_value("Number Card", row.number_card_name, "is_standard") == 1, (
			row.number_card_name
		)
	for row in workspace.charts:
		assert frappe.db.get_value("Dashboard Chart", row.chart_name, "is_standard") == 1, row.chart_name
	reports = {link.link_to for link in workspace.links if link.link_type == "Report"}
	# Every KPI report, and other capabilities' reports (the Shifts card's workload): all standard.
	assert reports >= REPORTS
	for name in reports:
		report = frappe.get_doc("Report", name)
		assert (report.is_standard, report.report_type) == ("Yes", "Script Report"), name
		assert report.module == "Command Centre" or name not in REPORTS, name
	blocks = json.loads(workspace.content)
	named = {
		b["data"].get("number_card_name") or b["data"].get("chart_name") or b["data"].get("shortcut_name")
		for b in blocks
	}
	assert {r.number_card_name for r in workspace.number_cards} <= named
	assert {r.label for r in workspace.shortcuts} <= named


def test_the_shortcuts_lead_to_the_intake_form_the_board_the_map_and_the_reports():
	shortcuts = {s.label: s for s in frappe.get_doc("Workspace", WORKSPACE).shortcuts}
	assert (shortcuts["New Emergency Call"].link_to, shortcuts["New Emergency Call"].doc_view) == (
		"Emergency Call",
		"New",
	)
	assert shortcuts["Incident Board"].kanban_board == BOARD and frappe.db.exists("Kanban Board", BOARD)
	assert shortcuts["Incident Map"].url == "/app/incident/view/map"
	# The unit board Page is built in another module; the shortcut reaches it by URL.
	assert shortcuts["Unit Board"].url == "/app/unit-board"
	for shortcut in shortcuts.values():
		if shortcut.type == "Report":
			assert shortcut.link_to in REPORTS


@pytest.mark.parametrize("role", [OPERATOR, SUPERVISOR, VIEWER])
def test_desk_roles_get_the_workspace_with_every_widget(role):
	frappe.set_user(make_user([role]))
	assert WORKSPACE in {page.name for page in get_workspace_sidebar_items()["pages"]}
	page = get_desktop_page(json.dumps({"name": WORKSPACE, "title": WORKSPACE, "public": 1}))
	assert len(page["number_cards"]["items"]) == 10
	assert len(page["charts"]["items"]) == 4
	assert {"New Emergency Call", "Incident Board", "Unit Board", "Call Answer Time"} <= {
		s.label for s in page["shortcuts"]["items"]
	}
	(reports,) = [card for card in page["cards"]["items"] if card.label == "Reports"]
	assert {link.link_to for link in reports.links} == REPORTS


def test_a_user_without_a_centre_role_does_not_get_the_workspace():
	# Once setup is complete Frappe makes the first System User a System Manager: have one already.
	make_user(["System Manager"])
	frappe.set_user(make_user(["Blogger"]))
	with pytest.raises(frappe.PermissionError):  # Frappe's module rule: Blogger reads nothing of Dispatch
		Workspace({"name": WORKSPACE, "title": WORKSPACE, "public": 1}, minimal=True)
	frappe.set_user(make_user([AGENCY_STAFF], agency=make_agency()))  # reads Dispatch, but is no centre role
	assert not Workspace({"name": WORKSPACE, "title": WORKSPACE, "public": 1}, minimal=True).is_permitted()


def test_the_incident_board_follows_the_status_or_the_workflow():
	board = frappe.get_doc("Kanban Board", BOARD)
	assert board.reference_doctype == "Incident" and not board.private
	assert json.loads(board.filters) == [["Incident", "is_exercise", "=", 0]]
	columns = {c.column_name: c for c in board.columns}
	workflow = get_workflow_name("Incident")
	if workflow:  # seeded after the incident workflow: a drag is a workflow transition
		assert board.field_name == frappe.db.get_value("Workflow", workflow, "workflow_state_field")
	else:
		assert board.field_name == "status"
		assert list(columns) == [*INCIDENT_PROGRESS, *INCIDENT_EXITS]
		for name, column in columns.items():
			assert (column.status == "Archived") == (name in INCIDENT_CLOSED), name
		assert columns["New"].indicator == "Red"


def test_seeding_again_keeps_what_an_admin_changed():
	board = frappe.get_doc("Kanban Board", BOARD)
	board.columns[-1].status = "Active"
	board.columns[0].indicator = "Purple"
	board.fields = json.dumps(["priority"])
	board.save(ignore_permissions=True)
	frappe.make_property_setter(
		{
			"doctype": "Incident",
			"doctype_or_field": "DocType",
			"property": "default_print_format",
			"value": "Standard",
		}
	)
	seed_command_centre_defaults()
	board.reload()
	assert (board.columns[-1].status, board.columns[0].indicator, board.fields) == (
		"Active",
		"Purple",
		'["priority"]',
	)
	assert frappe.get_meta("Incident", cached=False).default_print_format == "Standard"
	assert frappe.db.count("Kanban Board", {"reference_doctype": "Incident", "kanban_board_name": BOARD}) == 1


def test_weeks_start_on_monday():
	assert frappe.db.get_single_value("System Settings", "first_day_of_the_week") == "Monday"
