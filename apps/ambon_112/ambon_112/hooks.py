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
# One agency-scoping rule per DocType, used by lists and by single documents alike. Rows of child
# tables follow their parent's rule: Frappe checks only read on the parent DocType when a child
# table is listed (a test checks that every child table of a scoped DocType is listed here).
permission_query_conditions = {
	"Dispatch": "ambon_112.permissions.query_condition",
	"Incident": "ambon_112.permissions.query_condition",
	"Emergency Unit": "ambon_112.permissions.query_condition",
	"Agency": "ambon_112.permissions.query_condition",
	"Agency Member": "ambon_112.permissions.query_condition",
	"Agency Contact": "ambon_112.permissions.query_condition",
	"Agency Jurisdiction": "ambon_112.permissions.query_condition",
	"Emergency Unit Capability": "ambon_112.permissions.query_condition",
	"Incident Agency": "ambon_112.permissions.query_condition",
	"Incident Triage Answer": "ambon_112.permissions.query_condition",
	"Incident Type Agency Type": "ambon_112.permissions.query_condition",
	# Centre roles read the PBX's event log, not other integrations' requests.
	"Integration Request": "ambon_112.intake.pbx_log.query_conditions",
	# An operator reads only their own reviews, drills and certificates (training/permissions.py).
	"Call Review": "ambon_112.training.permissions.query_condition",
	"Exercise Session": "ambon_112.training.permissions.query_condition",
	"Operator Certificate": "ambon_112.training.permissions.query_condition",
	"Exercise Result": "ambon_112.training.permissions.query_condition",
	# Operators see their own roster and swap requests (operations/permissions.py).
	"Roster Assignment": "ambon_112.operations.permissions.assignment_query",
	"Shift Swap Request": "ambon_112.operations.permissions.swap_query",
}

# Child rows need none: Frappe decides a child row's permission on its parent document.
has_permission = {
	"Dispatch": "ambon_112.permissions.has_permission",
	"Incident": "ambon_112.permissions.has_permission",
	"Emergency Unit": "ambon_112.permissions.has_permission",
	"Agency": "ambon_112.permissions.has_permission",
	"Integration Request": "ambon_112.intake.pbx_log.has_permission",
	"Call Review": "ambon_112.training.permissions.has_permission",
	"Exercise Session": "ambon_112.training.permissions.has_permission",
	"Operator Certificate": "ambon_112.training.permissions.has_permission",
	"Roster Assignment": "ambon_112.operations.permissions.has_permission",
	"Shift Swap Request": "ambon_112.operations.permissions.has_permission",
}

# Document events
# ---------------
doc_events = {
	# Markup out of the plain-text fields of every ambon_112 DocType and of the names of files
	# attached to them; names safe in attributes (ambon_112/security/plain_text.py; it skips the rest).
	"*": {
		"before_naming": [
			"ambon_112.security.plain_text.strip_markup_from_text_fields",
			"ambon_112.security.plain_text.check_name_characters",
		],
		"before_validate": "ambon_112.security.plain_text.strip_markup_from_text_fields",
		"before_save": "ambon_112.security.plain_text.strip_markup_from_text_fields",
	},
	"Ambon 112 Settings": {"on_update": "ambon_112.location.clear_area_cache"},
	# Uploads: private, of allowed types, on a record the uploader may write (insert and update).
	"File": {"validate": "ambon_112.portal.attachments.check_file"},
	# A person's comment on a record of the centre needs write on that record (every entry point).
	"Comment": {"validate": "ambon_112.security.comments.check_comment"},
	# Default triage questions wait for the reference data they name (loaded after install).
	"Incident Type": {"after_insert": "ambon_112.intake.defaults.seed_waiting_questions"},
	"Agency Type": {"after_insert": "ambon_112.intake.defaults.seed_waiting_questions"},
	# Who is on duty is cached for every call event; a user disabled or given roles changes it.
	"User": {"on_update": "ambon_112.intake.on_duty.clear_roster"},
	# Frappe records every failed log-in as an Activity Log: counted per source address.
	"Activity Log": {"after_insert": "ambon_112.security.login_throttle.count_failed_login"},
	# A call rung by a drill in this process is an exercise (never from anything a PBX sends).
	# and the moment a drill call is first classified is kept for its score.
	"Emergency Call": {
		"before_insert": "ambon_112.training.drill.mark_drill_call",
		"on_update": [
			"ambon_112.training.drill.stamp_classified",
			# a live call that paused a drill resumes it once handled
			"ambon_112.training.pause.on_call_update",
			# A call classified "Dropped" (or saved missed) from a number that can be dialled back
			# becomes a callback task on the call console (console/callbacks.py).
			"ambon_112.console.callbacks.offer_on_update",
		],
	},
	# A drill dispatch shows on the trainer's console.
	"Dispatch": {"after_insert": "ambon_112.training.drill.tell_dispatch"},
	# The public page /112 caches its text and figures: an edit of the text shows at once.
	"Public 112 Page": {"on_update": "ambon_112.reporting.public_stats.clear_cache"},
	# A sign-on starts the console's heartbeat and a Console Session; a sign-off ends them.
	"Operator Position": {
		"validate": "ambon_112.operations.console.stamp_sign_on",
		"on_update": "ambon_112.operations.console.track_session",
	},
}

# Scheduled jobs
# --------------
# Escalation must notice a late answer or a silent agency within a minute: a cron entry, not the
# 4-minute "all" tick.
scheduler_events = {
	"cron": {
		"* * * * *": [
			# Consoles lost or unmanned, forgotten sign-offs, the shift's handover and staffing.
			"ambon_112.operations.jobs.run",
			"ambon_112.escalation.sweep.run",
			# A worker killed mid-job: its job and its e-mail are taken up again (abandoned_work.py).
			"ambon_112.abandoned_work.recover",
			# Drills: scheduled (surprise) drills start, scripted calls ring when due.
			"ambon_112.training.drill.run_due",
		],
		# Laporan Bulanan Layanan 112: the 1st at 07:00 WIT (the site's time zone) for the month before.
		"0 7 1 * *": ["ambon_112.reporting.monthly.scheduled_build"],
		# Frappe's backup with files when the last is older than the setting (continuity/backups.py).
		"0 * * * *": ["ambon_112.continuity.backups.run"],
	},
	# The restore drill: the latest backup restored into a scratch site and verified (continuity/drill.py).
	"monthly_long": ["ambon_112.continuity.drill.scheduled_drill"],
	# The quality review's sample of yesterday's live calls.
	"daily": [
		"ambon_112.training.review_sampling.run",
		# Operators' certificates about to expire: a ToDo for the operator and their supervisor.
		"ambon_112.training.certificates.remind",
	],
}

# Desk
# ----
# The escalation alert (realtime, with an Acknowledge button) on every desk page.
app_include_js = [
	# First: every script below escapes data through ambon112.esc.
	"/assets/ambon_112/js/escape.js",
	# Durations, status and priority colours, the LATIHAN mark and the map, for every script below.
	"/assets/ambon_112/js/display.js",
	"/assets/ambon_112/js/escalation_alert.js",
	# The incoming-call pop-up: every desk page listens for calls ringing at the operator.
	"/assets/ambon_112/js/incoming_call.js",
	"/assets/ambon_112/js/triage_dialog.js",
	# Filters shared by the command centre's reports (report scripts run when a report opens).
	"/assets/ambon_112/js/report_filters.js",
	# Sign-on badge and the console's heartbeat every 15 s (operations/console.py).
	"/assets/ambon_112/js/console.js",
]
doctype_js = {
	"Incident": ["public/js/incident_triage.js", "public/js/exercise_banner.js"],
	# The LATIHAN banner on everything a drill creates.
	"Emergency Call": "public/js/exercise_banner.js",
	"Dispatch": "public/js/exercise_banner.js",
}
# The options of the reports' Select filters, from the Python (command_centre/report_choices.py);
# the colours, durations and map of every page, from core/display.py (display.py).
boot_session = [
	"ambon_112.command_centre.report_choices.boot_session",
	"ambon_112.display.boot_session",
]

# Jinja
# -----
# The "Incident Report" print format asks this for the incident's timeline, calls and dispatches.
jinja = {
	"methods": [
		"ambon_112.command_centre.incident_report.ambon112_incident_report",
		# The body of the monthly report's print format (and PDF).
		"ambon_112.reporting.print_view.ambon112_monthly_report",
		# The Shift Handover's print format reads the stored handover.
		"ambon_112.operations.handover.ambon112_shift_handover",
	]
}

# Agency portal
# -------------
# Agency staff are website users: after login they land on their agency's dispatches.
role_home_page = {"Agency Staff": "agency"}
website_route_rules = [{"from_route": "/agency/<dispatch>", "to_route": "agency/dispatch"}]
# The portal's service worker (scope /agency) and web app manifest (portal/offline_files.py).
page_renderer = ["ambon_112.portal.offline_files.OfflineFile"]
# Frappe's "Not Permitted" page prints its login link (built from the request path) raw into an
# attribute: the link is percent-encoded before the page is rendered (security/message_page.py).
update_website_context = [
	"ambon_112.security.message_page.encode_the_button_link",
	"ambon_112.portal.page_shell.mark_colocated_files",
]

# Frappe's versions of these check no permission: ours go through the permission layer, where the
# agency scope lives (api/counts.py, api/desk_overrides.py).
override_whitelisted_methods = {
	"frappe.client.get_count": "ambon_112.api.counts.get_count",
	"frappe.desk.listview.get_group_by_count": "ambon_112.api.desk_overrides.get_group_by_count",
	"frappe.desk.like.toggle_like": "ambon_112.api.desk_overrides.toggle_like",
}

# Agency scoping: an agency user reaches the portal and its API, never the desk's (portal/gate.py).
# Auth hooks run once the user is known (session or API key), before Frappe dispatches a request.
auth_hooks = ["ambon_112.portal.gate.refuse_the_desk_api"]

# Logins
# ------
# Failed log-ins throttle the address they come from (429), never an operator's account.
on_login = "ambon_112.security.login_throttle.refuse_throttled_login"

# Requests
# --------
# A body claiming JSON that does not parse: 400 instead of Frappe's 500 with a traceback.
after_request = [
	"ambon_112.security.malformed_json.answer_400",
	# The agency portal compressed for weak mobile links (portal/compression.py).
	"ambon_112.portal.compression.compress_portal",
]

# Sessions
# --------
# Every browser session gets a CSRF token (Frappe gives one only to sessions that open the desk),
# so portal POSTs without it are refused as the desk's are.

# Caller data (UU 27/2022): field levels beyond what Frappe checks
# ---------------------------------------------------------------
# Every request and job first installs the checks that refuse filters, sorts and groupings on
# fields above the user's permission level, and strip them from the change history a form gets
# (ambon_112/security/).
before_request = [
	"ambon_112.security.install.install_query_guards",
	# Every browser session gets a CSRF token (see Sessions above).
	"ambon_112.security.csrf.give_session_a_token",
	# Reports, statistics and exports read from the replica; while it is down, from the primary.
	"ambon_112.continuity.replica.pin_to_primary_while_replica_is_down",
]
before_job = [
	"ambon_112.security.install.install_query_guards",
	# Reports, statistics and exports read from the replica; while it is down, from the primary.
	"ambon_112.continuity.replica.pin_to_primary_while_replica_is_down",
]
# Frappe methods that query without the user's permissions, rerouted through them.
override_whitelisted_methods.update(
	{
		"frappe.workflow.doctype.workflow.workflow.get_workflow_state_count": (
			"ambon_112.security.frappe_queries.get_workflow_state_count"
		),
		"frappe.desk.search.search_link": "ambon_112.security.frappe_queries.search_link",
		"frappe.desk.search.search_widget": "ambon_112.security.frappe_queries.search_widget",
	}
)
# Frappe e-mails followers the change history unfiltered: no following what one may not read.
doc_events["Document Follow"] = {"before_insert": "ambon_112.security.versions.refuse_following"}
