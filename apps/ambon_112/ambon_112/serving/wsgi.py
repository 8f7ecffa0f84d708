"""gunicorn's entry point in the production-like run (sites/Procfile.template, behind front.js).

Frappe's own WSGI application, never as a development server (DEV_SERVER whitelists
`frappe.tests.ui_test_helpers` for every user and shows tracebacks on error pages), plus what
nginx adds in production and the local run has no nginx for:
- /assets and public /files served from the bench, as `bench serve` does
  (frappe.app.application_with_statics);
- public files a browser would render as a page (HTML, SVG, XML) sent as downloads, as bench's
  nginx configuration does (`location ~* ^/files/.*.(htm|html|svg|xml)`);
- the client's address as the request's peer (werkzeug's ProxyFix for the one proxy there is, as
  `bench serve --proxy` does): the front writes it to X-Forwarded-For, and limits per address
  (the log-in throttle) must count each client, not the front. gunicorn listens on 127.0.0.1 only.

FRAPPE_SITE, when set, pins the site whatever the Host header says, as `bench --site S serve`
does: Frappe's socket.io server checks a browser's session by calling gunicorn at 127.0.0.1.
"""

import os

import frappe
import frappe.app
from werkzeug.middleware.proxy_fix import ProxyFix

if frappe._dev_server:
	raise RuntimeError("DEV_SERVER is set: this entry point never serves as Frappe's development server")

if os.environ.get("FRAPPE_SITE"):
	frappe.app._site = os.environ["FRAPPE_SITE"]

_with_statics = ProxyFix(frappe.app.application_with_statics(), x_for=1)
SHOWN_AS_PAGES = (".htm", ".html", ".svg", ".xml")


def application(environ, start_response):
	path = environ.get("PATH_INFO", "").lower()
	if not (path.startswith("/files/") and path.endswith(SHOWN_AS_PAGES)):
		return _with_statics(environ, start_response)

	def start_as_download(status, headers, exc_info=None):
		headers = [(k, v) for k, v in headers if k.lower() != "content-disposition"]
		return start_response(status, [*headers, ("Content-Disposition", "attachment")], exc_info)

	return _with_statics(environ, start_as_download)
