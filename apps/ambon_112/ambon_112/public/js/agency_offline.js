// The agency portal without signal: installs the service worker, keeps the pages readable, says
// plainly when what is shown is not live ("as of HH:MM"), and sends the queued presses (field_queue.js)
// as soon as it can: Background Sync where the browser has it, else retries with back-off, on every
// page open and whenever the connection returns.
(function () {
	const CACHE = "ambon112-agency-v1";
	const queue = window.ambon112_field_queue;
	const MAX_DELAY_MS = 60000;
	let delay = 2000;
	let timer = null;
	const listeners = [];

	function el(id) {
		return document.getElementById(id);
	}

	function root() {
		return document.querySelector(".agency-portal, .agency-dispatch");
	}

	const STALE_MS = 30000;

	// A copy the service worker served because the network was slow: said so, and refreshed once.
	// Judged against the phone's clock only when no fresher copy came since, so a phone whose
	// clock is wrong reloads at most once.
	function check_stale() {
		const r = root();
		if (!r || !navigator.onLine) return;
		const rendered = Number(r.dataset.renderedAt || 0);
		const key = "ambon112-refreshed:" + location.pathname + location.search;
		const refreshed_from = Number(sessionStorage.getItem(key) || 0);
		if (refreshed_from && rendered > refreshed_from) {
			sessionStorage.removeItem(key);
			return;
		}
		if (!rendered || Date.now() - rendered < STALE_MS) return;
		const banner = el("af-offline");
		banner.textContent = __("NOT LIVE — showing data as of {0}; updating…", [
			r.dataset.asOf || "",
		]);
		banner.classList.remove("d-none");
		if (refreshed_from === rendered) return;
		sessionStorage.setItem(key, String(rendered));
		reload_live();
	}

	// The page again, as the server has it now: the service worker keeps the live copy first.
	function reload_live() {
		return fetch(location.href, {
			credentials: "same-origin",
			cache: "no-store",
			headers: { "X-Ambon112-Live": "1" },
		})
			.then((response) => response.ok && !response.redirected && location.reload())
			.catch(() => null);
	}

	function show_connection(online) {
		const banner = el("af-offline");
		if (!banner) return;
		const as_of = (root() && root().dataset.asOf) || "";
		banner.textContent = __(
			"OFFLINE — showing data as of {0}. Presses are kept and sent when the connection returns.",
			[as_of]
		);
		banner.classList.toggle("d-none", online);
		document.body.classList.toggle("af-is-offline", !online);
	}

	async function show_waiting() {
		const box = el("af-waiting");
		if (!box) return 0;
		const n = (await queue.waiting()).length;
		box.textContent = __("waiting to send ({0})", [n]);
		box.dataset.count = String(n);
		box.dataset.ready = "1"; // the count read from the phone's queue, not the page's initial 0
		box.classList.toggle("d-none", n === 0);
		return n;
	}

	function on_answers(fn) {
		listeners.push(fn);
	}

	function retry_later() {
		clearTimeout(timer);
		timer = setTimeout(flush, delay);
		delay = Math.min(delay * 2, MAX_DELAY_MS);
	}

	async function flush() {
		clearTimeout(timer);
		if ((await show_waiting()) === 0) return [];
		if (!navigator.onLine) {
			show_connection(false);
			return null;
		}
		try {
			const answers = await queue.send(window.frappe && frappe.csrf_token);
			delay = 2000;
			show_connection(true);
			await show_waiting();
			listeners.forEach((fn) => fn(answers));
			return answers;
		} catch (e) {
			// No connection after all, or the server is unreachable: everything stays queued.
			if (!e.status) show_connection(false);
			await show_waiting();
			retry_later();
			return null;
		}
	}

	async function press(update) {
		await queue.add(update);
		await show_waiting();
		register_sync();
		return flush();
	}

	function register_sync() {
		if (!("serviceWorker" in navigator)) return;
		navigator.serviceWorker.ready
			.then((reg) => reg.sync && reg.sync.register(queue.SYNC_TAG))
			.catch(() => null);
	}

	// Keeps this page and what it loaded (the shell), and the given dispatch pages, for offline use.
	function keep(paths) {
		window.ambon112_offline.kept = keep_pages(paths);
		return window.ambon112_offline.kept;
	}

	async function keep_pages(paths) {
		if (!window.caches || !navigator.onLine) return;
		const own = (url) => new URL(url, location.href).origin === location.origin;
		const shell = Array.from(
			document.querySelectorAll("script[src], link[rel=stylesheet], link[rel=manifest]")
		)
			.map((n) => n.src || n.href)
			.filter(own);
		const cache = await caches.open(CACHE);
		await Promise.all(
			[location.pathname + location.search, ...shell, ...(paths || [])].map((url) =>
				fetch(url, { credentials: "same-origin", headers: { "X-Ambon112-Live": "1" } })
					.then((r) => r.ok && !r.redirected && cache.put(url, r))
					.catch(() => null)
			)
		);
	}

	function start() {
		if (queue && window.frappe && frappe.csrf_token) {
			queue.set_meta("csrf_token", frappe.csrf_token).catch(() => null);
		}
		if ("serviceWorker" in navigator) {
			navigator.serviceWorker
				.register("/agency-sw.js", { scope: "/agency" })
				.catch(() => null);
			// The service worker sent the queue (the page, waiting its turn, found nothing left):
			// its answers are this page's too (e.g. "cancelled by 112").
			navigator.serviceWorker.addEventListener("message", (event) => {
				if (!event.data || event.data.type !== "synced") return;
				show_waiting();
				if ((event.data.answers || []).length)
					listeners.forEach((fn) => fn(event.data.answers));
			});
		}
		window.addEventListener("online", () => {
			show_connection(true);
			delay = 2000;
			flush();
		});
		window.addEventListener("offline", () => show_connection(false));
		show_connection(navigator.onLine);
		check_stale();
		flush();
	}

	window.ambon112_offline = {
		press,
		flush,
		keep,
		on_answers,
		show_waiting,
		show_connection,
		reload_live,
	};
	if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
	else start();
})();
