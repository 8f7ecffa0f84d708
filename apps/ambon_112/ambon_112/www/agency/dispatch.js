// One dispatch on the crew's phone: status buttons, notes, photos, map and "share my position".
// Statuses go through the same endpoint as the desk (ambon_112.api.dispatch.set_dispatch_status),
// which stamps time and user and refuses another agency's dispatch.
frappe.ready(() => {
	const root = document.querySelector(".agency-dispatch");
	if (!root) return;
	const name = root.dataset.name;
	const unit = root.dataset.unit;

	function show_map() {
		const lat = parseFloat(root.dataset.lat);
		const lng = parseFloat(root.dataset.lng);
		const el = document.getElementById("ad-map");
		if (!el || !window.L || isNaN(lat) || isNaN(lng)) return;
		const map = L.map(el).setView([lat, lng], 16);
		L.tileLayer("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", {
			maxZoom: 19,
			attribution: "&copy; OpenStreetMap",
		}).addTo(map);
		L.circleMarker([lat, lng], { radius: 10, color: "#e03131", fillOpacity: 0.7 }).addTo(map);
	}

	function set_status(status) {
		const buttons = root.querySelectorAll(".ad-step, .ad-more");
		buttons.forEach((b) => (b.disabled = true));
		frappe
			.call({
				method: "ambon_112.api.dispatch.set_dispatch_status",
				type: "POST",
				args: { dispatch: name, status: status },
				freeze: true,
			})
			.then(() => window.location.reload())
			.catch(() => window.location.reload());
	}

	root.querySelectorAll(".ad-step").forEach((button) =>
		button.addEventListener("click", () => set_status(button.dataset.status))
	);

	document.getElementById("ad-more").addEventListener("click", () => {
		frappe
			.call({
				method: "ambon_112.api.agency_portal.save_report",
				type: "POST",
				args: { dispatch: name, need_more_units: 1 },
				freeze: true,
			})
			.then(() => window.location.reload());
	});

	document.getElementById("ad-save-notes").addEventListener("click", () => {
		frappe
			.call({
				method: "ambon_112.api.agency_portal.save_report",
				type: "POST",
				args: { dispatch: name, notes: document.getElementById("ad-notes").value },
				freeze: true,
			})
			.then(() => frappe.show_alert({ message: __("Notes saved"), indicator: "green" }));
	});

	document.getElementById("ad-photo").addEventListener("change", (event) => {
		const file = event.target.files[0];
		if (!file) return;
		const form = new FormData();
		form.append("file", file, file.name);
		form.append("doctype", "Dispatch");
		form.append("docname", name);
		form.append("is_private", 1);
		form.append("optimize", 1);
		fetch("/api/method/upload_file", {
			method: "POST",
			body: form,
			headers: { "X-Frappe-CSRF-Token": frappe.csrf_token, Accept: "application/json" },
		}).then((r) =>
			r.ok
				? window.location.reload()
				: frappe.msgprint(
						__("The photo could not be uploaded (only images up to the size limit).")
				  )
		);
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
					frappe
						.call({
							method: "ambon_112.api.agency_portal.share_position",
							type: "POST",
							args: {
								unit: unit,
								latitude: pos.coords.latitude,
								longitude: pos.coords.longitude,
								accuracy: pos.coords.accuracy,
							},
						})
						.then((r) => {
							status.textContent = __("Position shared: {0}", [
								(r.message && r.message.kelurahan) || "",
							]);
						}),
				(err) => (status.textContent = __("Position unavailable: {0}", [err.message])),
				{ enableHighAccuracy: true, timeout: 20000, maximumAge: 30000 }
			);
		});
	}

	show_map();
});
