"""Sites installed before errors were answered without tracebacks (a new site: after_install)."""

from ambon_112.setup.install import hide_error_tracebacks


def execute():
	hide_error_tracebacks()
