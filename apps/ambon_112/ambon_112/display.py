"""The display conventions of core/display.py handed to the pages' scripts (public/js/display.js):
in the desk through the boot (once per session), on the agency portal through the page's context."""

import frappe

from ambon_112.core.display import client_config

BOOT_KEY = "ambon112_display"


def boot_session(bootinfo):
	if frappe.session.user != "Guest":
		bootinfo[BOOT_KEY] = client_config()
