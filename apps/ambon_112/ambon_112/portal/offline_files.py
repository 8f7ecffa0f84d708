"""The portal's service worker and web app manifest, served at the site's root.

A service worker controls only paths under the folder it is served from, so the portal's worker
(scope ``/agency``) cannot live in ``/assets``; Frappe's ``www`` serves no ``.js`` or
``.webmanifest`` file (``StaticPage`` refuses them), hence this renderer (hook ``page_renderer``).
Both are read fresh on every load (``no-cache``): a phone must learn of a new worker.

The worker keeps the shell's assets cache-first under a cache named after their content (the app's
public files and Frappe's version): a release that changes any of them changes the worker's bytes,
so phones install the new worker, which fills a new cache and drops the old ones; a fixed name
would serve the first release's scripts for ever.
"""

import hashlib
import os

import frappe
from frappe.website.page_renderers.base_renderer import BaseRenderer
from werkzeug.wrappers import Response

FILES = {
	"agency-sw.js": ("agency_sw.js", "text/javascript"),
	"agency.webmanifest": ("agency.webmanifest", "application/manifest+json"),
}
FOLDER = os.path.join(os.path.dirname(__file__), "offline")
PUBLIC = os.path.join(os.path.dirname(os.path.dirname(__file__)), "public")
SHELL_VERSION = "__SHELL_VERSION__"  # in agency_sw.js: the cache's name


def shell_version() -> str:
	"""A short digest of what the worker keeps: the app's public files and Frappe's version."""
	digest = hashlib.sha256(frappe.__version__.encode())
	for folder, _subfolders, names in sorted(os.walk(PUBLIC)):
		for name in sorted(names):
			path = os.path.join(folder, name)
			digest.update(os.path.relpath(path, PUBLIC).encode())
			with open(path, "rb") as f:
				digest.update(f.read())
	return digest.hexdigest()[:16]


class OfflineFile(BaseRenderer):
	def can_render(self) -> bool:
		return self.path in FILES

	def render(self) -> Response:
		name, mimetype = FILES[self.path]
		with open(os.path.join(FOLDER, name), "rb") as f:
			body = f.read()
		is_worker = name.endswith(".js")
		if is_worker:
			body = body.replace(SHELL_VERSION.encode(), shell_version().encode())
		response = Response(body, mimetype=mimetype)
		response.headers["Cache-Control"] = "no-cache"
		if is_worker:
			response.headers["Service-Worker-Allowed"] = "/agency"
		frappe.local.no_cache = 1
		return response
