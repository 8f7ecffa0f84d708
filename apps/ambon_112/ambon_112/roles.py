"""The roles of the 112 centre. Their names are fixed: permissions and code refer to them."""

OPERATOR = "112 Operator"
SUPERVISOR = "112 Supervisor"
ADMINISTRATOR = "112 Administrator"
VIEWER = "112 Viewer"
INTEGRATION = "112 Integration"
# Reads monthly reports and pulls the national export over the API (token); no desk.
REPORTING = "112 Reporting"
AGENCY_STAFF = "Agency Staff"
# Runs drills and keeps training records; supervisors may hold it too.
TRAINER = "112 Trainer"

# Anyone holding one of these works for the centre and is not limited to one agency.
CENTRE_ROLES = frozenset({OPERATOR, SUPERVISOR, ADMINISTRATOR, VIEWER, INTEGRATION, "System Manager"})

# Shipped as fixtures (fixtures/role.json): the desk access of each is part of the security model.
APP_ROLES = (OPERATOR, SUPERVISOR, ADMINISTRATOR, VIEWER, INTEGRATION, REPORTING, AGENCY_STAFF, TRAINER)
