"""Install and migrate hooks: site settings and editable defaults, seeded idempotently."""

import frappe

from ambon_112.command_centre.defaults import seed_command_centre_defaults
from ambon_112.dispatch.defaults import seed_dispatch_defaults
from ambon_112.escalation.defaults import SEEDED_KEY as ESCALATION_SEEDED
from ambon_112.escalation.defaults import seed_default_policies
from ambon_112.intake import pbx_log
from ambon_112.intake.defaults import seed_intake_defaults
from ambon_112.operations.defaults import seed_operations_defaults
from ambon_112.reporting.defaults import seed_reporting_defaults
from ambon_112.security.caller_data import ensure_masking_key
from ambon_112.security.login_throttle import turn_off_account_lockout
from ambon_112.settings import seed_defaults as seed_settings
from ambon_112.setup.seeding import forget
from ambon_112.training.defaults import SEEDED_KEY as TRAINING_SEEDED
from ambon_112.training.defaults import seed_training_defaults

TIME_ZONE = "Asia/Jayapura"  # WIT, UTC+9: the time zone of Maluku
LANGUAGE = "id"
FIRST_DAY_OF_THE_WEEK = "Monday"  # Senin: Indonesian calendars and the weekly KPI buckets start on Monday


def after_install():
	set_site_defaults()
	hide_error_tracebacks()
	seed_editable_defaults()
	pbx_log.grant_read_access()
	ensure_masking_key()


def after_migrate():
	seed_editable_defaults()
	pbx_log.grant_read_access()
	ensure_masking_key()


def before_uninstall():
	# Markers of what was seeded live outside the app's tables and would outlive them.
	forget(ESCALATION_SEEDED)
	forget(TRAINING_SEEDED)


def set_site_defaults():
	"""Ambon's time zone and Bahasa Indonesia for the desk; users may still choose English."""
	settings = frappe.get_single("System Settings")
	settings.time_zone = TIME_ZONE
	settings.language = LANGUAGE
	settings.first_day_of_the_week = FIRST_DAY_OF_THE_WEEK
	settings.flags.ignore_mandatory = True
	settings.save(ignore_permissions=True)
	turn_off_account_lockout()


def hide_error_tracebacks():
	"""Frappe sends the server's traceback with every error (to Guest too) while System Settings
	"Show Full Error" is on, as it is on a new site: it tells an attacker the code, paths and
	queries. The log keeps the traceback (Error Log); an admin may turn it back on."""
	frappe.db.set_single_value("System Settings", "allow_error_traceback", 0)


def seed_editable_defaults():
	"""Defaults that admins may edit afterwards: created when missing, never overwritten."""
	seed_settings()
	seed_dispatch_defaults()
	seed_default_policies()
	seed_command_centre_defaults()
	seed_intake_defaults()
	seed_training_defaults()
	seed_reporting_defaults()
	seed_operations_defaults()
