// The crew's presses, kept on the phone until the 112 centre has them (no DOM: the portal's pages
// and its service worker both load it). Each press gets an id made here and the time it was pressed;
// the server applies each id once, in press order (ambon_112.api.agency_portal.sync_updates), so a
// queue sent twice, from two tabs, or by the page and Background Sync at once, lands once.
(function (scope) {
	const DB_NAME = "ambon112-field";
	const QUEUE = "updates";
	const META = "meta";
	const SYNC_URL = "/api/method/ambon_112.api.agency_portal.sync_updates";
	const BATCH = 50;
	// And at most this much text per request (always one update at least): a queue of photos must
	// not become one request of megabytes that slow 3G cannot finish before its timeout.
	const BATCH_BYTES = 256 * 1024;
	const TURN = "ambon112-field-send";

	function request(req) {
		return new Promise((resolve, reject) => {
			req.onsuccess = () => resolve(req.result);
			req.onerror = () => reject(req.error);
		});
	}

	let opened = null;
	function db() {
		if (!opened) {
			const req = indexedDB.open(DB_NAME, 1);
			req.onupgradeneeded = () => {
				req.result.createObjectStore(QUEUE, { keyPath: "client_id" });
				req.result.createObjectStore(META);
			};
			opened = request(req);
		}
		return opened;
	}

	async function store(name, mode) {
		return (await db()).transaction(name, mode).objectStore(name);
	}

	function new_id() {
		if (scope.crypto && scope.crypto.randomUUID) return scope.crypto.randomUUID();
		const bytes = scope.crypto.getRandomValues(new Uint8Array(16));
		return Array.from(bytes, (b) => (b + 256).toString(16).slice(1)).join("");
	}

	let last_press = 0;
	// Presses in one millisecond still keep their order: the press time never repeats on a phone.
	function press_time() {
		last_press = Math.max(Date.now(), last_press + 1);
		return last_press;
	}

	async function add(update) {
		const item = Object.assign({}, update, { client_id: new_id(), pressed_at: press_time() });
		await request((await store(QUEUE, "readwrite")).put(item));
		return item;
	}

	async function waiting() {
		const items = await request((await store(QUEUE, "readonly")).getAll());
		return items.sort((a, b) => a.pressed_at - b.pressed_at);
	}

	async function remove(ids) {
		const s = await store(QUEUE, "readwrite");
		await Promise.all(ids.map((id) => request(s.delete(id))));
	}

	async function set_meta(key, value) {
		await request((await store(META, "readwrite")).put(value, key));
	}

	async function get_meta(key) {
		return request((await store(META, "readonly")).get(key));
	}

	let sending = null;
	// Sends what waits, oldest press first. Every answer is final (applied, already recorded, kept
	// as a note, refused with its reason): the answered ids leave the queue. A failed connection or
	// an expired session leaves everything queued for the next attempt.
	// One sender at a time on the phone (Web Locks, where the browser has them): when the connection
	// returns, the open page and the service worker's Background Sync both start sending, and each
	// would upload the whole queue (twice the bytes on slow 3G, the second copy waiting on the server
	// for the first); whoever comes second finds only what still waits.
	function send(csrf_token) {
		if (!sending) {
			const locks = scope.navigator && scope.navigator.locks;
			const run = () => send_all(csrf_token);
			sending = (locks ? locks.request(TURN, run) : run()).finally(() => (sending = null));
		}
		return sending;
	}

	// A request on a connection that died without closing would keep the turn: given up once it is
	// slower than a fifth of slow 3G (10 bytes a millisecond) plus half a minute, and retried (an id
	// that did arrive is applied once).
	function post(body, token) {
		const controller = new AbortController();
		const timer = setTimeout(() => controller.abort(), 30000 + body.toString().length / 10);
		return fetch(SYNC_URL, {
			method: "POST",
			body: body,
			credentials: "same-origin",
			headers: { "X-Frappe-CSRF-Token": token, Accept: "application/json" },
			signal: controller.signal,
		}).finally(() => clearTimeout(timer));
	}

	// The oldest updates that fit one request, in press order.
	function next_batch(updates) {
		const batch = [];
		let size = 0;
		for (const update of updates.slice(0, BATCH)) {
			size += JSON.stringify(update).length;
			if (batch.length && size > BATCH_BYTES) break;
			batch.push(update);
		}
		return batch;
	}

	async function send_all(csrf_token) {
		const token = csrf_token || (await get_meta("csrf_token")) || "";
		const answers = [];
		for (;;) {
			const batch = next_batch(await waiting());
			if (!batch.length) return answers;
			const body = new URLSearchParams({ updates: JSON.stringify(batch) });
			const response = await post(body, token);
			if (!response.ok) {
				const error = new Error("sync refused: " + response.status);
				error.status = response.status;
				throw error;
			}
			const result = ((await response.json()) || {}).message || [];
			await remove(result.map((a) => a.client_id));
			answers.push(...result);
			await set_meta("last_answers", answers.slice(-200));
			if (result.length < batch.length) return answers;
		}
	}

	scope.ambon112_field_queue = {
		add,
		waiting,
		send,
		set_meta,
		get_meta,
		next_batch,
		SYNC_TAG: "ambon112-field",
	};
})(typeof window !== "undefined" ? window : self);
