"""The agency portal's pages and answers sent gzip-compressed (hook ``after_request``).

A crew at the edge of coverage pays for every byte; production's nginx compresses too, but the
app's own run (gunicorn behind serving/front.js) and any proxy without gzip would send the portal
uncompressed. Only the portal's own responses, only when the browser accepts gzip.
"""

import gzip

PORTAL_PATHS = ("/agency", "/agency/", "/agency-sw.js", "/agency.webmanifest")
PORTAL_METHODS = "/api/method/ambon_112.api.agency_portal."
MIN_BYTES = 1024


def is_portal(path: str) -> bool:
	return path in PORTAL_PATHS or path.startswith(("/agency/", PORTAL_METHODS))


def compress_portal(response, request):
	if (
		response is None
		or response.direct_passthrough
		or response.status_code != 200
		or "Content-Encoding" in response.headers
		or not is_portal(request.path)
		or "gzip" not in (request.headers.get("Accept-Encoding") or "").lower()
	):
		return
	body = response.get_data()
	if len(body) < MIN_BYTES:
		return
	response.set_data(gzip.compress(body, compresslevel=6))
	response.headers["Content-Encoding"] = "gzip"
	response.vary.add("Accept-Encoding")
