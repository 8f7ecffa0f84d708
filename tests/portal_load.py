"""Loads of the agency portal as a phone at the edge of coverage sees them: Chromium with the
network throttled to "slow 3G" through the DevTools protocol (400 kbit/s each way, 400 ms round
trip) and its HTTP cache disabled. Used by benchmarks/portal_offline and the portal's tests."""

import json
import time

SLOW_3G = {
	"offline": False,
	"latency": 400,
	"downloadThroughput": 400 * 1000 / 8,
	"uploadThroughput": 400 * 1000 / 8,
}
# The page is usable once its scripts have run: the offline helper is there and the list is drawn.
USABLE = "window.ambon112_offline !== undefined && document.querySelector('.agency-portal') !== null"


def throttle(context, page):
	"""Slow 3G and no HTTP cache for ``page``; returns a counter of the bytes that crossed the network."""
	cdp = context.new_cdp_session(page)
	cdp.send("Network.enable")
	cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
	cdp.send("Network.emulateNetworkConditions", SLOW_3G)
	seen = {"bytes": 0, "requests": 0, "by_url": {}}
	urls = {}

	def sent(event):
		urls[event["requestId"]] = event["request"]["url"]

	def finished(event):
		seen["bytes"] += event.get("encodedDataLength") or 0
		seen["requests"] += 1
		url = urls.get(event["requestId"], "?")
		seen["by_url"][url] = seen["by_url"].get(url, 0) + (event.get("encodedDataLength") or 0)

	cdp.on("Network.requestWillBeSent", sent)
	cdp.on("Network.loadingFinished", finished)
	return cdp, seen


class SlowPhoneNetwork:
	"""A phone on slow 3G for a whole scenario, the page *and* the portal's service worker, going
	offline and back when asked: DevTools sessions of our own plus playwright's offline mode.

	Why not ``throttle()`` and ``context.set_offline()`` (seen in Chromium 156, playwright 1.65):
	- DevTools sessions do not combine: with the throttle on first, ``set_offline(True)`` only turns
	  ``navigator.onLine`` false while the page's requests still go out (throttled), so presses
	  reached the server "offline", the waiting count shrank under ``press_all`` and the presses
	  timed out; the other way round, the profile (``offline: False``) makes ``navigator.onLine``
	  true while requests fail, and ``set_offline(False)`` clears playwright's side only;
	- a page's session does not throttle the service worker's own requests (the pages it fetches,
	  Background Sync), so a sync could take an unthrottled path beside the throttled page.
	So each target gets its own session, emulating before playwright's offline mode is ever used,
	offline is sent through ours (keeping the slow-3G values) and then playwright's, and back online
	ours go first (no unthrottled instant).
	"""

	def __init__(self, context, page, sw_path: str = "/agency-sw.js"):
		self.context = context
		self.cdp, _ = throttle(context, page)
		# playwright opens DevTools sessions on pages and frames only: the service worker's target is
		# reached through the browser's session (non-flat attach, messages wrapped for the target).
		self.browser_cdp = context.browser.new_browser_cdp_session()
		targets = self.browser_cdp.send("Target.getTargets")["targetInfos"]
		workers = [t for t in targets if t["type"] == "service_worker" and t["url"].endswith(sw_path)]
		if len(workers) != 1:
			raise AssertionError(f"expected the portal's service worker, found {workers}")
		attached = self.browser_cdp.send(
			"Target.attachToTarget", {"targetId": workers[0]["targetId"], "flatten": False}
		)
		self.sw_session, self.sw_answers, self.sw_ids = attached["sessionId"], {}, 0
		self.browser_cdp.on("Target.receivedMessageFromTarget", self._sw_message)
		self.page = page
		self._sw_send("Network.enable", {})
		self._sw_send("Network.emulateNetworkConditions", SLOW_3G)

	def _sw_message(self, event):
		message = json.loads(event["message"])
		if "id" in message:
			self.sw_answers[message["id"]] = message

	def _sw_send(self, method: str, params: dict):
		self.sw_ids += 1
		wanted = self.sw_ids
		self.browser_cdp.send(
			"Target.sendMessageToTarget",
			{
				"sessionId": self.sw_session,
				"message": json.dumps({"id": wanted, "method": method, "params": params}),
			},
		)
		deadline = time.monotonic() + 10
		while wanted not in self.sw_answers:
			if time.monotonic() > deadline:
				raise AssertionError(f"the service worker did not answer {method}")
			self.page.wait_for_timeout(10)  # lets playwright deliver the answer
		answer = self.sw_answers.pop(wanted)
		if "error" in answer:
			raise AssertionError(f"{method} on the service worker: {answer['error']}")

	def offline(self):
		conditions = dict(SLOW_3G, offline=True)
		self.cdp.send("Network.emulateNetworkConditions", conditions)
		self._sw_send("Network.emulateNetworkConditions", conditions)
		self.context.set_offline(True)

	def online(self):
		self.cdp.send("Network.emulateNetworkConditions", SLOW_3G)
		self._sw_send("Network.emulateNetworkConditions", SLOW_3G)
		self.context.set_offline(False)

	def round_trips_ms(self) -> dict:
		"""Milliseconds of one small request from the page and from the service worker (None when it
		fails): proof of what the network really is, whatever navigator.onLine says."""
		ping = """() => { const t = performance.now();
			return fetch('/api/method/frappe.ping?t=' + Math.random(), {cache: 'no-store'})
				.then((r) => r.text()).then(() => performance.now() - t).catch(() => null); }"""
		(worker,) = self.context.service_workers
		return {"page": self.page.evaluate(ping), "service_worker": worker.evaluate(ping)}


def timed_load(page, url: str, timeout_ms: int = 120_000) -> float:
	"""Seconds from asking for ``url`` until the page is usable."""
	start = time.monotonic()
	page.goto(url, wait_until="commit", timeout=timeout_ms)
	page.wait_for_function(USABLE, timeout=timeout_ms)
	return time.monotonic() - start


# A crew's presses on one dispatch, in this order: statuses, notes, "need more units".
PRESSES = (
	("Status", "Acknowledged"),
	("Status", "En Route"),
	("Note", "catatan 1"),
	("Status", "On Scene"),
	("Note", "catatan 2"),
	("Note", "catatan 3"),
	("Need More Units", None),
	("Note", "catatan 4"),
	("Note", "catatan 5"),
	("Status", "Cleared"),
)


def ready_offline(page, base: str):
	"""Online once: the service worker controls the portal and the active dispatches are kept."""
	page.evaluate("navigator.serviceWorker.ready.then(() => true)")
	page.goto(f"{base}/agency")
	page.wait_for_function("navigator.serviceWorker.controller !== null")
	page.evaluate("window.ambon112_offline.kept")


def waiting(page) -> int:
	return int(page.get_attribute("#af-waiting", "data-count") or 0)


def press_all(page):
	"""Every press of PRESSES on the open dispatch page, each seen waiting before the next."""
	page.wait_for_selector("#af-waiting[data-ready]", state="attached")
	for kind, value in PRESSES:
		before = waiting(page)
		if kind == "Status":
			page.click(f'.ad-step[data-status="{value}"]')
		elif kind == "Note":
			page.fill("#ad-notes", value)
			page.click("#ad-save-notes")
		else:
			page.click("#ad-more")
		page.wait_for_function(
			f"Number(document.getElementById('af-waiting').dataset.count) === {before + 1}"
		)
