"""Install and migrate hooks: site settings and editable defaults, seeded idempotently."""

import frappe

from ambon_112.command_centre.seeding import seed_command_centre_defaults
from ambon_112.escalation.defaults import forget_seeded_policies, seed_default_policies
from ambon_112.intake.setup import seed_intake_defaults
from ambon_112.setup.dispatch_defaults import seed_dispatch_defaults

TIME_ZONE = "Asia/Jayapura"  # WIT, UTC+9: the time zone of Maluku
LANGUAGE = "id"
FIRST_DAY_OF_THE_WEEK = "Monday"  # Senin: Indonesian calendars and the weekly KPI buckets start on Monday


def after_install():
	set_site_defaults()
	seed_editable_defaults()


def after_migrate():
	seed_editable_defaults()


def before_uninstall():
	# Markers of what was seeded live outside the app's tables and would outlive them.
	forget_seeded_policies()


def set_site_defaults():
	"""Ambon's time zone and Bahasa Indonesia for the desk; users may still choose English."""
	settings = frappe.get_single("System Settings")
	settings.time_zone = TIME_ZONE
	settings.language = LANGUAGE
	settings.first_day_of_the_week = FIRST_DAY_OF_THE_WEEK
	settings.flags.ignore_mandatory = True
	settings.save(ignore_permissions=True)


def seed_editable_defaults():
	"""Defaults that admins may edit afterwards: created when missing, never overwritten."""
	settings = frappe.get_single("Ambon 112 Settings")
	if not settings.outside_ambon_margin_m:
		settings.outside_ambon_margin_m = 3000
		settings.default_area_code = settings.default_area_code or "911"
		settings.save(ignore_permissions=True)
	seed_dispatch_defaults()
	seed_default_policies()
	seed_command_centre_defaults()
	seed_intake_defaults()
