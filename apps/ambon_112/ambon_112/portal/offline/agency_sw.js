// The agency portal's service worker (scope /agency): the shell and the crew's dispatch pages stay
// readable without signal, and the queue of presses is sent by Background Sync where the browser
// has it. Served at /agency-sw.js by ambon_112.portal.offline_files (a path whose scope may be /agency).
importScripts("/assets/ambon_112/js/field_queue.js");

// Named after the content of what it keeps (portal/offline_files.py fills it in): a release with
// other assets is a new worker with a new cache, and the caches of earlier releases are dropped.
const PREFIX = "ambon112-agency-";
const CACHE = PREFIX + "__SHELL_VERSION__";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) =>
	event.waitUntil(
		caches
			.keys()
			.then((names) =>
				Promise.all(
					names
						.filter((name) => name.startsWith(PREFIX) && name !== CACHE)
						.map((name) => caches.delete(name))
				)
			)
			.then(() => self.clients.claim())
	)
);

function is_portal_page(url) {
	return url.pathname === "/agency" || url.pathname.startsWith("/agency/");
}

function is_shell(url) {
	return url.pathname.startsWith("/assets/") || url.pathname === "/agency.webmanifest";
}

// Pages and the list: see page() below. Assets: the kept copy, else fetched and kept.
self.addEventListener("fetch", (event) => {
	const request = event.request;
	if (request.method !== "GET") return;
	const url = new URL(request.url);
	if (url.origin !== self.location.origin) return;
	if (is_shell(url)) {
		event.respondWith(
			caches.open(CACHE).then((cache) =>
				cache.match(request).then(
					(kept) =>
						kept ||
						fetch(request).then((response) => {
							if (response.ok) cache.put(request, response.clone());
							return response;
						})
				)
			)
		);
	} else if (is_portal_page(url)) {
		event.respondWith(page(event, request));
	}
});

// A page: the kept copy at once when there is one (a warm load within a second, also offline),
// while the network's copy is fetched and kept for next time; the page itself says when what it
// shows is not live and asks for the live copy (header LIVE), which comes from the network only.
const LIVE = "X-Ambon112-Live";
function page(event, request) {
	const network = fetch(request).then((response) =>
		response.ok && !response.redirected
			? caches
					.open(CACHE)
					.then((cache) => cache.put(request.url, response.clone()))
					.then(() => response)
			: response
	);
	if (request.headers.get(LIVE)) return network;
	event.waitUntil(network.catch(() => null));
	return caches
		.match(request.url, { ignoreVary: true })
		.then((kept) => kept || network.catch(() => Response.error()));
}

self.addEventListener("sync", (event) => {
	if (event.tag === self.ambon112_field_queue.SYNC_TAG) {
		event.waitUntil(
			self.ambon112_field_queue
				.send()
				.then((answers) =>
					self.clients
						.matchAll()
						.then((clients) =>
							clients.forEach((c) =>
								c.postMessage({ type: "synced", answers: answers })
							)
						)
				)
		);
	}
});
