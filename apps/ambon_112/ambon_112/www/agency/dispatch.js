// One dispatch on the crew's phone: status buttons, notes, photos, map and "share my position".
// Every press is kept on the phone first (field_queue.js, with its own id and the time it was
// pressed) and sent from there: with signal at once, without signal when the connection returns.
// The server applies each press once, stamping a status with its press time through the same write
// path as the desk (ambon_112.dispatch.status.move), and refuses another agency's dispatch.
frappe.ready(() => {
	const root = document.querySelector(".agency-dispatch");
	if (!root) return;
	const offline = window.ambon112_offline;
	const name = root.dataset.name;
	const unit = root.dataset.unit;
	const photo_max_kb = parseInt(root.dataset.photoMaxKb, 10) || 300;
	const answer_box = document.getElementById("ad-answer");

	// Leaflet and its tiles only once the map is on screen: never in the way of a usable page.
	function load_leaflet() {
		const load = (tag, attrs) =>
			new Promise((resolve, reject) => {
				const node = Object.assign(document.createElement(tag), attrs);
				node.onload = resolve;
				node.onerror = reject;
				document.head.appendChild(node);
			});
		// Both before drawing: without its stylesheet Leaflet's panes overflow the screen.
		return Promise.all([
			load("link", { rel: "stylesheet", href: "/assets/frappe/js/lib/leaflet/leaflet.css" }),
			window.L ? null : load("script", { src: "/assets/frappe/js/lib/leaflet/leaflet.js" }),
		]);
	}

	function show_map() {
		const lat = parseFloat(root.dataset.lat);
		const lng = parseFloat(root.dataset.lng);
		const el = document.getElementById("ad-map");
		if (!el || isNaN(lat) || isNaN(lng) || !navigator.onLine) return;
		const draw = () =>
			load_leaflet()
				.then(() => {
					if (el.classList.contains("leaflet-container")) return;
					const map = ambon112.display.map(el, [lat, lng]);
					if (!map) return;
					L.circleMarker([lat, lng], {
						radius: 10,
						color: ambon112.display.priority(root.dataset.priority).hex,
						fillOpacity: 0.7,
					}).addTo(map);
				})
				.catch(() => null);
		if (!window.IntersectionObserver) return draw();
		new IntersectionObserver(
			(entries, observer) => {
				if (entries.some((e) => e.isIntersecting)) {
					observer.disconnect();
					draw();
				}
			},
			{ rootMargin: "200px" }
		).observe(el);
	}

	// The server's answers to this dispatch's presses: cancelled by 112, refused, or recorded.
	function answered(answers) {
		const mine = (answers || []).filter((a) => a.dispatch === name);
		if (!mine.length) return false;
		if (mine.some((a) => a.cancelled)) {
			document.getElementById("ad-cancelled").classList.remove("d-none");
		}
		answer_box.textContent = mine.map((a) => a.message || "").join(" · ");
		return mine.some((a) => a.outcome === "Applied");
	}
	offline.on_answers(answered);

	// Press, then: with signal, the page reloads with the recorded state; without, it shows the press
	// as waiting and the buttons as if done (never pretending it was received).
	async function send(update, reload) {
		const answers = await offline.press(Object.assign({ dispatch: name }, update));
		if (answers && answered(answers) && reload) {
			offline.reload_live();
			return answers;
		}
		if (!answers)
			answer_box.textContent = __(
				"Waiting to send: it will be sent when the connection returns."
			);
		return answers;
	}

	function mark_pressed(status) {
		const steps = Array.from(root.querySelectorAll(".ad-step"));
		const at = steps.findIndex((b) => b.dataset.status === status);
		steps.forEach((b, i) => {
			if (i <= at) b.disabled = true;
		});
		document.getElementById("ad-status").textContent = __(status);
	}

	root.querySelectorAll(".ad-step").forEach((button) =>
		button.addEventListener("click", () => {
			const status = button.dataset.status;
			mark_pressed(status);
			send({ kind: "Status", status: status }, true);
		})
	);

	const more = document.getElementById("ad-more");
	more.addEventListener("click", () => {
		more.disabled = true;
		send({ kind: "Need More Units" }, true);
	});

	document.getElementById("ad-save-notes").addEventListener("click", () => {
		const notes = document.getElementById("ad-notes").value;
		send({ kind: "Note", notes: notes }, false).then((answers) => {
			if (answers && answers.length)
				frappe.show_alert({ message: __("Notes saved"), indicator: "green" });
		});
	});

	// A photo is shrunk on the phone to the centre's size limit before it is queued.
	function shrink(file) {
		return new Promise((resolve, reject) => {
			const img = new Image();
			const url = URL.createObjectURL(file);
			img.onload = () => {
				URL.revokeObjectURL(url);
				let side = Math.min(1600, Math.max(img.width, img.height));
				let quality = 0.8;
				const canvas = document.createElement("canvas");
				for (let i = 0; i < 12; i++) {
					const scale = side / Math.max(img.width, img.height);
					canvas.width = Math.max(1, Math.round(img.width * scale));
					canvas.height = Math.max(1, Math.round(img.height * scale));
					canvas.getContext("2d").drawImage(img, 0, 0, canvas.width, canvas.height);
					const data = canvas.toDataURL("image/jpeg", quality);
					if (((data.length - data.indexOf(",") - 1) * 3) / 4 <= photo_max_kb * 1024) {
						return resolve(data);
					}
					if (quality > 0.5) quality -= 0.1;
					else side = Math.round(side * 0.75);
				}
				reject(new Error("too large"));
			};
			img.onerror = () => {
				URL.revokeObjectURL(url);
				reject(new Error("unreadable"));
			};
			img.src = url;
		});
	}

	document.getElementById("ad-photo").addEventListener("change", (event) => {
		const file = event.target.files[0];
		if (!file) return;
		const base = (file.name || "foto").replace(/\.[^.]*$/, "") || "foto";
		shrink(file)
			.then((data) => send({ kind: "Photo", file_name: base + ".jpg", data: data }, true))
			.catch(() => frappe.msgprint(__("The photo could not be read.")));
	});

	const share = document.getElementById("ad-share-position");
	if (share) {
		share.addEventListener("click", () => {
			const status = document.getElementById("ad-position-status");
			if (!navigator.geolocation) {
				status.textContent = __("This phone cannot share its position.");
				return;
			}
			status.textContent = __("Finding your position…");
			navigator.geolocation.getCurrentPosition(
				(pos) =>
					send(
						{
							kind: "Position",
							unit: unit,
							latitude: pos.coords.latitude,
							longitude: pos.coords.longitude,
							accuracy: pos.coords.accuracy,
						},
						false
					).then((answers) => {
						const mine = (answers || []).filter((a) => a.dispatch === name);
						status.textContent = mine.length
							? mine[mine.length - 1].message || ""
							: __("Waiting to send: it will be sent when the connection returns.");
					}),
				(err) => (status.textContent = __("Position unavailable: {0}", [err.message])),
				{ enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 }
			);
		});
	}

	show_map();
	offline.keep();
});
