// New dispatches appear without reload: the 112 centre publishes each one to its agency's room
// (the Agency document's room, which Frappe's socket server lets only the agency's own users join).
// Without a socket the list is fetched again every 30 s.
frappe.ready(() => {
	const root = document.querySelector(".agency-portal");
	if (!root) return;
	const closed = root.dataset.closed === "1";
	const live = document.getElementById("ap-live");
	const POLL_MS = 30000;
	let poller = null;

	const esc = ambon112.esc;
	// A drill's dispatch, sent to the agency because its trainer chose so: LATIHAN, never real.
	const latihan = () =>
		`<span class="ap-latihan badge" style="background: ${esc(
			ambon112.display.exercise_colour().hex
		)}" title="${esc(__("Exercise (drill): not a real emergency."))}">${esc(
			ambon112.display.exercise_label()
		)}</span>`;

	function render(rows) {
		const list = document.getElementById("ap-list");
		if (!rows.length) {
			list.innerHTML = `<li class="ap-empty text-muted">${esc(__("No dispatches."))}</li>`;
			return;
		}
		list.innerHTML = rows
			.map(
				(d) => `<li class="ap-item priority-${esc((d.priority || "none").toLowerCase())}${
					d.is_exercise ? " ap-exercise" : ""
				}" data-name="${esc(d.name)}"
				style="border-left-color: ${esc(ambon112.display.priority(d.priority).hex)}">
			<a href="/agency/${encodeURIComponent(d.name)}" class="ap-link">
				<div class="ap-row1">${d.is_exercise ? latihan() : ""}
				<span class="ap-priority">${esc(d.priority || "-")}</span>
				<span class="ap-type">${esc(d.incident_type_label)}</span>
				<span class="ap-status badge">${esc(__(d.status))}</span></div>
				<div class="ap-row2">${esc(d.title || d.incident)}</div>
				<div class="ap-row3 text-muted">${esc(d.kelurahan_name || __("Unknown area"))}${
					d.landmark ? " · " + esc(d.landmark) : ""
				}</div>
				<div class="ap-row4 text-muted small"><span class="ap-minutes">${esc(
					__("{0} min since dispatch", [d.minutes == null ? "-" : d.minutes])
				)}</span> · ${esc(d.unit || __("unit to be chosen"))} · ${esc(d.name)}</div>
			</a></li>`
			)
			.join("");
	}

	function refresh() {
		return frappe
			.call({
				method: "ambon_112.api.agency_portal.my_dispatches",
				args: { closed: closed ? 1 : 0 },
			})
			.then((r) => render(r.message || []));
	}

	function poll(reason) {
		if (!navigator.onLine) return; // the offline banner says it; no pretending to be live
		live.textContent = reason;
		if (!poller) poller = setInterval(refresh, POLL_MS);
	}

	function on_new_dispatch(data) {
		const banner = document.getElementById("ap-new");
		const text = __("New dispatch {0}: {1}", [
			data.dispatch,
			data.title || data.incident_type || "",
		]);
		banner.textContent = data.is_exercise
			? `${ambon112.display.exercise_label()} · ${text}`
			: text;
		banner.classList.remove("d-none");
		if (window.navigator.vibrate) window.navigator.vibrate([300, 100, 300]);
		if (!closed) refresh();
	}

	const agencies = JSON.parse(root.dataset.agencies || "[]");
	const rt = frappe.realtime;
	if (rt && rt.socket) {
		rt.on(root.dataset.event, on_new_dispatch);
		let was_connected = false;
		rt.socket.on("connect", () => {
			// Rooms are per connection: join again after every reconnect.
			agencies.forEach((agency) => rt.socket.emit("doc_subscribe", "Agency", agency));
			live.textContent = __("Live: new dispatches appear automatically.");
			// Back after a drop (a lift, a weak signal): fetch what was sent in the meantime.
			if (was_connected || poller) refresh();
			was_connected = true;
			if (poller) clearInterval(poller), (poller = null);
		});
		rt.socket.on("connect_error", () =>
			poll(__("Live updates unavailable: the list refreshes every 30 seconds."))
		);
	} else {
		poll(__("Live updates unavailable: the list refreshes every 30 seconds."));
	}
	// Minutes since dispatch keep counting even when nothing new arrives.
	setInterval(() => navigator.onLine && !poller && refresh(), 60000);
	// The page may be the copy the phone kept (a quick start): the list itself comes live at once,
	// and the pages of its active dispatches are kept on the phone for when there is no signal.
	function keep_dispatch_pages() {
		if (closed || !window.ambon112_offline) return;
		const pages = Array.from(document.querySelectorAll(".ap-item")).map(
			(li) => "/agency/" + encodeURIComponent(li.dataset.name)
		);
		return window.ambon112_offline.keep(pages);
	}
	if (navigator.onLine) {
		window.ambon112_offline.kept = refresh().then(keep_dispatch_pages, keep_dispatch_pages);
	}
});
