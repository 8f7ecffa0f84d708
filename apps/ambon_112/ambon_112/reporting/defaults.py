"""Editable defaults of the Reporting module, seeded once (install and migrate)."""

from ambon_112.reporting import report_workflow
from ambon_112.reporting.national_export import seed_call_class_map, seed_export_salt
from ambon_112.reporting.public_page_content import seed_public_page
from ambon_112.workflows import seed_workflow


def seed_reporting_defaults():
	seed_workflow(report_workflow.spec())
	seed_public_page()
	seed_call_class_map()
	seed_export_salt()
