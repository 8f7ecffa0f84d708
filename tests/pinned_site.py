"""A WSGI entry point that serves one site whatever the Host header says, as `bench --site S serve`
does (frappe.app._site).

Frappe's socket.io server checks a browser's session by calling the page's origin back
(`/api/method/frappe.realtime.get_user_info`) without naming the site; in production the host name
is the site name, here the pages are served on 127.0.0.1, so the server must know its site itself.
"""

import os

import frappe.app

frappe.app._site = os.environ["AMBON112_PINNED_SITE"]
application = frappe.app.application_with_statics()
