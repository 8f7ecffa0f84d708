from ambon_112.roles import APP_ROLES as _APP_ROLES  # underscored: not a hook

app_name = "ambon_112"
app_title = "Ambon 112"
app_publisher = "Diskominfosandi Kota Ambon"
app_description = "Layanan darurat 112 Kota Ambon: call intake, triage, dispatch and escalation"
app_email = "112@ambon.go.id"
app_license = "mit"

# Installs on plain Frappe; ERPNext is optional (crews and vehicles may link to it later).
required_apps = []

# Installation
# ------------
after_install = "ambon_112.setup.install.after_install"
after_migrate = "ambon_112.setup.install.after_migrate"
before_uninstall = "ambon_112.setup.install.before_uninstall"

# Roles are shipped as fixtures: their names are fixed because permissions refer to them.
fixtures = [{"dt": "Role", "filters": [["name", "in", list(_APP_ROLES)]]}]

# Permissions
# -----------
# One agency-scoping rule per DocType, used by lists and by single documents alike.
permission_query_conditions = {
	"Dispatch": "ambon_112.permissions.dispatch_query",
	"Incident": "ambon_112.permissions.incident_query",
	"Emergency Unit": "ambon_112.permissions.unit_query",
	"Agency": "ambon_112.permissions.agency_query",
}

has_permission = {
	"Dispatch": "ambon_112.permissions.has_permission",
	"Incident": "ambon_112.permissions.has_permission",
	"Emergency Unit": "ambon_112.permissions.has_permission",
	"Agency": "ambon_112.permissions.has_permission",
}

# Document events
# ---------------
doc_events = {
	"Ambon 112 Settings": {"on_update": "ambon_112.location.clear_area_cache"},
	"File": {"before_insert": "ambon_112.attachments.check_attach_permission"},
	# Default triage questions wait for the reference data they name (loaded after install).
	"Incident Type": {"after_insert": "ambon_112.intake.setup.seed_waiting_questions"},
	"Agency Type": {"after_insert": "ambon_112.intake.setup.seed_waiting_questions"},
	# Who is on duty is cached for every call event; a user disabled or given roles changes it.
	"User": {"on_update": "ambon_112.intake.on_duty.clear_roster"},
}

# Scheduled jobs
# --------------
# Escalation must notice a late answer or a silent agency within a minute: a cron entry, not the
# 4-minute "all" tick.
scheduler_events = {
	"cron": {
		"* * * * *": ["ambon_112.escalation.sweep.run"],
	},
}

# Desk
# ----
# The escalation alert (realtime, with an Acknowledge button) on every desk page.
app_include_js = [
	"/assets/ambon_112/js/escalation_alert.js",
	# The incoming-call pop-up: every desk page listens for calls ringing at the operator.
	"/assets/ambon_112/js/incoming_call.js",
	"/assets/ambon_112/js/triage_dialog.js",
	# Filters shared by the command centre's reports (report scripts run when a report opens).
	"/assets/ambon_112/js/report_filters.js",
]
doctype_js = {"Incident": "public/js/incident_triage.js"}

# Jinja
# -----
# The "Incident Report" print format asks this for the incident's timeline, calls and dispatches.
jinja = {"methods": ["ambon_112.command_centre.incident_report.ambon112_incident_report"]}

# Agency portal
# -------------
# Agency staff are website users: after login they land on their agency's dispatches.
role_home_page = {"Agency Staff": "agency"}
website_route_rules = [{"from_route": "/agency/<dispatch>", "to_route": "agency/dispatch"}]

# Frappe's own get_count checks no permission: counted through the agency scope instead.
override_whitelisted_methods = {"frappe.client.get_count": "ambon_112.api.counts.get_count"}
