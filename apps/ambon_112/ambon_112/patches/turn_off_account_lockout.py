"""Sites installed before the per-address login throttle: Frappe's per-account lock goes off."""

from ambon_112.security.login_throttle import turn_off_account_lockout


def execute():
	turn_off_account_lockout()
