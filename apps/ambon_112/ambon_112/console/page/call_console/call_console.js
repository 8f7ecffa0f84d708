// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// The call console: from ring to units dispatched on one screen, keyboard first.
// Left: callback queue, calls ringing and on hold, the active call (number, history, flags, AML
// position) and its class keys. Middle: location and map, incident type, triage, priority, notes,
// open incidents nearby. Right: recommended units and agencies; one save creates the incident and
// sends them. Every rule is the server's (ambon_112.api.console, ambon_112.api.intake); every value
// is escaped with ambon112.esc before it meets HTML.

frappe.provide("ambon112");

const CONSOLE_API = "ambon_112.api.console";
const INTAKE_API = "ambon_112.api.intake";
const CONSOLE_ROUTE = "call-console";
// The class keys, pressed outside a text field. Emergency opens the incident type search.
const CLASS_KEYS = [
	{ key: "e", classification: "Emergency" },
	{ key: "i", classification: "Information Request" },
	{ key: "p", classification: "Prank" },
	{ key: "g", classification: "Ghost / Silent" },
	{ key: "d", classification: "Dropped" },
	{ key: "w", classification: "Wrong Number" },
	{ key: "t", classification: "Test" },
];
const CALLBACK_OUTCOMES = [
	{ outcome: "Reached: Emergency", style: "btn-danger" },
	{ outcome: "Reached: No Emergency", style: "btn-success" },
	{ outcome: "No Answer", style: "btn-default" },
	{ outcome: "Number Unusable", style: "btn-default" },
];
// While realtime works the console refreshes on its events and checks every SLOW_MS; without it
// it asks every FAST_MS (the desk's pop-up does the same, public/js/incoming_call.js).
const FAST_MS = 2000;
const SLOW_MS = 15000;
// A request for the list not back after this long is given up (a connection lost on the way
// answers nothing, and the browser waits without limit): the next refresh asks again.
const STUCK_MS = 20000;

frappe.pages[CONSOLE_ROUTE].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("Call Console"),
		single_column: true,
	});
	wrapper.call_console = new ambon112.CallConsole(page);
};

frappe.pages[CONSOLE_ROUTE].on_page_show = function (wrapper) {
	wrapper.call_console && wrapper.call_console.refresh();
};

ambon112.CallConsole = class CallConsole {
	constructor(page) {
		this.page = page;
		this.calls = [];
		this.callbacks = [];
		this.finished = new Set(); // calls classified or saved on this console
		this.active = null; // the active call's details
		this.reset_entry();
		this.make_layout();
		this.make_map();
		this.bind_keys();
		this.listen();
		this.refresh();
	}

	reset_entry() {
		this.entry = {
			incident_type: null,
			type_label: null,
			questions: [],
			answers: {},
			preview: null,
			nearby: [],
			recommendation: null,
			selected_units: new Set(),
			ticked_by_hand: new Set(), // the first recommendation is ticked for a new incident only
			agencies: new Set(),
			moved_pin: null,
			mode: null, // "emergency" once E is pressed
		};
		this.type_results = [];
		this.type_index = 0;
		this.searched = null; // the text type_results were found for
	}

	// ------------------------------------------------------------ layout

	make_layout() {
		this.page.set_primary_action(
			__("Create and Dispatch") + " (Ctrl+Enter)",
			() => this.save(),
			"send"
		);
		this.$body = $(`
			<div class="ambon112-console">
				<div class="cc-col cc-left">
					<div class="cc-callbacks"></div>
					<h6 class="cc-head">${__("Calls")}</h6>
					<div class="cc-calls"></div>
					<div class="cc-active"></div>
					<div class="cc-classes"></div>
				</div>
				<div class="cc-col cc-middle">
					<h6 class="cc-head">${__("Location")}</h6>
					<div class="cc-location"></div>
					<div class="cc-kelurahan"></div>
					<input class="form-control input-sm cc-landmark" placeholder="${__("Landmark")}">
					<div class="cc-map"></div>
					<h6 class="cc-head">${__("Incident Type")} <span class="text-muted small">(/)</span></h6>
					<input class="form-control cc-type-search" placeholder="${__(
						"Type the caller's words, e.g. kebakaran rumah"
					)}">
					<div class="cc-type-results"></div>
					<div class="cc-type-chosen"></div>
					<div class="cc-triage"></div>
					<div class="cc-priority"></div>
					<textarea class="form-control cc-notes" rows="3" placeholder="${__(
						"Caller's words and notes"
					)}"></textarea>
					<h6 class="cc-head">${__("Open incidents nearby")} <span class="text-muted small">(L)</span></h6>
					<div class="cc-nearby"></div>
				</div>
				<div class="cc-col cc-right">
					<h6 class="cc-head">${__("Recommended units")}</h6>
					<div class="cc-units"></div>
					<h6 class="cc-head">${__("Agencies")}</h6>
					<div class="cc-agencies"></div>
					<button class="btn btn-primary btn-block cc-save">${__(
						"Create and Dispatch"
					)} (Ctrl+Enter)</button>
					<div class="cc-message"></div>
					<div class="cc-result"></div>
					<div class="cc-keys text-muted small"></div>
				</div>
			</div>`).appendTo(this.page.main);
		$(`<style>
			.ambon112-console { display: flex; gap: 12px; align-items: flex-start; }
			.ambon112-console .cc-col { background: var(--card-bg); border-radius: 8px; padding: 10px; }
			.ambon112-console .cc-left { width: 28%; }
			.ambon112-console .cc-middle { width: 42%; }
			.ambon112-console .cc-right { width: 30%; }
			.ambon112-console .cc-head { margin: 10px 0 4px; font-weight: 600; }
			.ambon112-console .cc-map { height: 220px; margin: 6px 0; border-radius: 6px; }
			.ambon112-console .cc-call, .ambon112-console .cc-callback { border: 1px solid var(--border-color); border-radius: 6px; padding: 6px; margin-bottom: 6px; cursor: pointer; }
			.ambon112-console .cc-call.cc-is-active { border-color: var(--primary); background: var(--control-bg); }
			.ambon112-console .cc-type-option.cc-highlight { background: var(--control-bg); font-weight: 600; }
			.ambon112-console .cc-type-option { padding: 2px 6px; cursor: pointer; }
			.ambon112-console .cc-latihan { background: #f9e79f; color: #7d6608; font-weight: 700; padding: 2px 6px; border-radius: 4px; }
			.ambon112-console .cc-flag { color: var(--red-600); font-weight: 600; }
			.ambon112-console .cc-classes .btn { margin: 2px; }
			.ambon112-console kbd { font-size: 10px; padding: 0 3px; }
			.ambon112-console .cc-save { margin-top: 10px; }
		</style>`).appendTo(this.$body);
		this.$callbacks = this.$body.find(".cc-callbacks");
		this.$calls = this.$body.find(".cc-calls");
		this.$active = this.$body.find(".cc-active");
		this.$classes = this.$body.find(".cc-classes");
		this.$location = this.$body.find(".cc-location");
		this.$landmark = this.$body.find(".cc-landmark");
		this.$type = this.$body.find(".cc-type-search");
		this.$type_results = this.$body.find(".cc-type-results");
		this.$type_chosen = this.$body.find(".cc-type-chosen");
		this.$triage = this.$body.find(".cc-triage");
		this.$priority = this.$body.find(".cc-priority");
		this.$notes = this.$body.find(".cc-notes");
		this.$nearby = this.$body.find(".cc-nearby");
		this.$units = this.$body.find(".cc-units");
		this.$agencies = this.$body.find(".cc-agencies");
		this.$message = this.$body.find(".cc-message");
		this.$result = this.$body.find(".cc-result");
		this.kelurahan = frappe.ui.form.make_control({
			parent: this.$body.find(".cc-kelurahan"),
			df: {
				fieldtype: "Link",
				fieldname: "kelurahan",
				options: "Ambon Area",
				placeholder: __("Kelurahan / desa / negeri"),
				get_query: () => ({ filters: { is_group: 0 } }),
				change: () => this.location_changed(),
			},
			render_input: true,
		});
		this.render_classes();
		this.render_keys();
		this.$body.find(".cc-save").on("click", () => this.save());
		this.$type.on(
			"input",
			frappe.utils.debounce(() => this.search_types(), 150)
		);
		this.$landmark.on("change", () => this.location_changed());
	}

	render_classes() {
		const buttons = CLASS_KEYS.map(
			(c) =>
				`<button class="btn btn-sm ${
					c.classification === "Emergency" ? "btn-danger" : "btn-default"
				}" data-class="${ambon112.esc(c.classification)}">${__(
					c.classification
				)} <kbd>${c.key.toUpperCase()}</kbd></button>`
		).join("");
		this.$classes.html(`<h6 class="cc-head">${__("Classify")}</h6>${buttons}`);
		this.$classes
			.find("button[data-class]")
			.on("click", (e) => this.press_class($(e.currentTarget).attr("data-class")));
	}

	render_keys() {
		const keys = [
			["N", __("next call")],
			["E I P G D W T", __("classify")],
			["/", __("incident type")],
			["↑ ↓ Enter", __("choose a type")],
			["L", __("link to the first open incident nearby")],
			["Ctrl+Enter", __("create the incident and dispatch the selected units")],
			["Esc", __("leave a field")],
		];
		this.$body
			.find(".cc-keys")
			.html(
				`<h6 class="cc-head">${__("Keys")}</h6>` +
					keys.map(([k, what]) => `<div><kbd>${k}</kbd> ${what}</div>`).join("")
			);
	}

	make_map() {
		if (!window.L) return; // Leaflet comes with the desk (libs.bundle.js)
		// The one map of Kota Ambon (public/js/display.js).
		this.map = ambon112.display.map(this.$body.find(".cc-map")[0]);
		if (!this.map) return;
		this.map_layer = L.layerGroup().addTo(this.map);
		this.map.on("click", (e) => {
			if (!this.active) return;
			this.entry.moved_pin = { latitude: e.latlng.lat, longitude: e.latlng.lng };
			this.draw_map();
			this.location_changed();
		});
	}

	// ------------------------------------------------------------ data

	is_visible() {
		return frappe.get_route_str() === CONSOLE_ROUTE;
	}

	api(method, args = {}, type = "GET") {
		// silent: a refused action is shown in the console itself, not as a modal the operator must close.
		// Frappe calls neither callback nor error for some answers (a deadlock or query timeout under
		// load, a 403 it already reported): `always` settles the promise then (after the handlers: a
		// promise already settled ignores it), or the console would wait on it for ever.
		return new Promise((resolve, reject) => {
			frappe.call({
				method: method.includes(".") ? method : `${CONSOLE_API}.${method}`,
				args,
				type,
				silent: true,
				callback: (r) => resolve(r.message),
				error: (r) => reject(r || {}),
				always: () => setTimeout(() => reject({}), 0),
			});
		});
	}

	listen() {
		// The desk's pop-up would cover the console: here the calls appear in the left column.
		const show = ambon112.incoming.show.bind(ambon112.incoming);
		ambon112.incoming.show = (data) => (this.is_visible() ? this.offer(data) : show(data));
		frappe.realtime.on(
			"ambon112_incoming_call",
			(data) => this.is_visible() && this.offer(data)
		);
		frappe.realtime.on(
			"ambon112_callback_queue",
			() => this.is_visible() && this.schedule_refresh()
		);
		this.tick();
	}

	tick() {
		const socket_up = Boolean(frappe.realtime.socket && frappe.realtime.socket.connected);
		const fast = !socket_up || this.realtime === false;
		if (this.is_visible()) this.refresh();
		setTimeout(() => this.tick(), fast ? FAST_MS : SLOW_MS);
	}

	offer(data) {
		// A call this operator just answered becomes active at once, from the event itself; the
		// list follows with the next refresh.
		if (!this.active && data.event === "answered" && !this.finished.has(data.call))
			this.activate(data.call);
		this.schedule_refresh();
	}

	schedule_refresh() {
		if (this.pending) return;
		this.pending = setTimeout(() => {
			this.pending = null;
			this.refresh();
		}, 100);
	}

	async refresh() {
		if (this.refreshing && Date.now() - this.refresh_started < STUCK_MS) {
			// A refresh asked for while one is on its way (after a save): one more once it is back.
			this.refresh_again = true;
			return this.refreshing;
		}
		// Only the latest request's answer is shown: one given up on may still come back, late.
		const generation = (this.generation = (this.generation || 0) + 1);
		const latest = () => generation === this.generation;
		this.refresh_started = Date.now();
		this.refreshing = this.api("state")
			.then((data) => {
				if (!latest()) return;
				this.realtime = data.realtime;
				// Calls finished here stay off the list even if this answer was read before they were.
				this.calls = data.calls.filter((c) => !this.finished.has(c.call));
				this.callbacks = data.callbacks;
				this.render_callbacks();
				this.render_calls();
				// The call the PBX gave this operator becomes active by itself when none is.
				if (!this.active && !this.refresh_again) {
					const answered = this.calls.find(
						(c) => c.event === "answered" && c.call_state === "Answered"
					);
					if (answered) this.activate(answered.call);
				}
			})
			.catch(() => {})
			.finally(() => {
				if (!latest()) return;
				this.refreshing = null;
				if (this.refresh_again) {
					this.refresh_again = false;
					this.refresh();
				}
			});
		return this.refreshing;
	}

	// ------------------------------------------------------------ left: callbacks and calls

	latihan(is_exercise) {
		return is_exercise ? `<span class="cc-latihan">${__("LATIHAN")}</span> ` : "";
	}

	render_callbacks() {
		const esc = ambon112.esc;
		if (!this.callbacks.length) {
			this.$callbacks.html("");
			return;
		}
		const rows = this.callbacks
			.map((t) => {
				const waited = frappe.datetime.prettyDate(t.waiting_since);
				const flags = t.caller_flagged
					? `<span class="cc-flag">${__("Flagged caller")}${
							t.caller_watch ? ` (${esc(t.caller_watch)})` : ""
					  }</span>`
					: "";
				const buttons = CALLBACK_OUTCOMES.map(
					(o) =>
						`<button class="btn btn-xs ${o.style}" data-task="${esc(
							t.name
						)}" data-outcome="${esc(o.outcome)}">${__(o.outcome)}</button>`
				).join(" ");
				const history =
					t.history && t.history.total
						? __("Earlier calls: {0}", [esc(t.history.total)])
						: __("No earlier calls from this number.");
				return `<div class="cc-callback" data-task="${esc(t.name)}">
					${this.latihan(t.is_exercise)}<b>${esc(t.caller_number)}</b> ·
					${esc(__(t.reason))} · ${esc(waited)} · ${__("attempts: {0}", [esc(t.attempts)])}
					${flags}
					<div class="text-muted small">${history}</div>
					<div>${buttons}</div>
				</div>`;
			})
			.join("");
		this.$callbacks.html(
			`<h6 class="cc-head">${__("Call back")} (${esc(this.callbacks.length)})</h6>${rows}`
		);
		this.$callbacks.find("button[data-task]").on("click", (e) => {
			const $b = $(e.currentTarget);
			this.record_callback($b.attr("data-task"), $b.attr("data-outcome"));
		});
	}

	async record_callback(task, outcome) {
		try {
			const r = await this.api("record_callback", { task, outcome }, "POST");
			this.say(
				r.status === "Done"
					? __("Callback recorded: {0}", [ambon112.esc(__(r.outcome))])
					: __("No answer: attempt {0} of {1}", [
							ambon112.esc(r.attempts),
							ambon112.esc(r.max_attempts),
					  ]),
				"green"
			);
		} catch (r) {
			this.say_error(r);
		}
		this.refresh();
	}

	render_calls() {
		const esc = ambon112.esc;
		if (!this.calls.length) {
			this.$calls.html(`<p class="text-muted">${__("No call is ringing.")}</p>`);
			return;
		}
		this.$calls.html(
			this.calls
				.map(
					(c) => `<div class="cc-call ${
						this.active && this.active.call === c.call ? "cc-is-active" : ""
					}" data-call="${esc(c.call)}">
					${this.latihan(c.is_exercise)}<b>${
						c.caller_number ? esc(c.caller_number) : __("Withheld number")
					}</b>
					<span class="indicator-pill ${c.call_state === "Ringing" ? "red" : "blue"}">${esc(
						__(c.call_state === "Ringing" ? "Ringing" : "On hold")
					)}</span>
					${c.caller_flagged ? `<span class="cc-flag">${__("Flagged caller")}</span>` : ""}
					<div class="text-muted small">${esc(frappe.datetime.str_to_user(c.received_at))}</div>
				</div>`
				)
				.join("")
		);
		this.$calls
			.find(".cc-call")
			.on("click", (e) => this.activate($(e.currentTarget).attr("data-call")));
	}

	next_call() {
		const others = this.calls.filter((c) => !this.active || c.call !== this.active.call);
		if (others.length) this.activate(others[0].call);
	}

	async activate(call) {
		if (this.activating_call === call || (this.active && this.active.call === call)) return;
		this.activating_call = call;
		let details;
		try {
			details = await this.api("call_details", { call });
		} finally {
			this.activating_call = null;
		}
		this.active = details;
		this.reset_entry();
		this.$type.val("");
		this.$notes.val(details.notes || "");
		this.$landmark.val(details.location.landmark || "");
		// Not awaited: the Link control checks the value with the server, the operator need not wait.
		this.activating = true;
		Promise.resolve(this.kelurahan.set_value(details.location.kelurahan || "")).finally(
			() => (this.activating = false)
		);
		this.$message.html("");
		this.$result.html("");
		this.$type_results.html("");
		this.render_calls();
		this.render_active();
		this.render_location();
		this.render_entry();
		this.load_nearby();
	}

	render_active() {
		const esc = ambon112.esc;
		const c = this.active;
		if (!c) {
			this.$active.html("");
			return;
		}
		const parts = [`<h6 class="cc-head">${__("Active call")}</h6>`];
		if (c.is_exercise) {
			parts.push(
				`<div class="alert alert-warning ambon112-latihan"><b>${__("LATIHAN")}</b> — ${__(
					"Training drill call: not a real emergency."
				)}</div>`
			);
		}
		parts.push(
			`<div class="h4 cc-number">${
				c.caller_number ? esc(c.caller_number) : __("Withheld number")
			}</div>`
		);
		if (c.caller_number_invalid) {
			parts.push(
				`<div class="text-warning">${__(
					"The number looks malformed: confirm it with the caller."
				)}</div>`
			);
		}
		if (c.classification) {
			parts.push(
				`<div class="cc-classified"><b>${__("Classified")}: ${esc(
					__(c.classification)
				)}</b>${c.incident ? ` · ${esc(c.incident)}` : ""}</div>`
			);
		}
		parts.push(ambon112.incoming.flags_html(c));
		parts.push(ambon112.incoming.history_html(c.history));
		this.$active.html(parts.join(""));
	}

	render_location() {
		const esc = ambon112.esc;
		const loc = this.active ? this.active.location : null;
		if (!loc) {
			this.$location.html("");
			return;
		}
		const lines = [];
		if (this.entry.moved_pin) {
			lines.push(
				`<div>${__("Map pin")}: ${esc(this.entry.moved_pin.latitude.toFixed(5))}, ${esc(
					this.entry.moved_pin.longitude.toFixed(5)
				)}</div>`
			);
		} else if (loc.latitude || loc.longitude) {
			const accuracy =
				loc.location_accuracy_m != null && loc.location_accuracy_m !== 0
					? ` ± ${esc(Math.round(loc.location_accuracy_m))} m`
					: "";
			lines.push(
				`<div class="cc-aml"><b>${esc(__(loc.location_source || "Location"))}</b>: ${esc(
					Number(loc.latitude).toFixed(5)
				)}, ${esc(Number(loc.longitude).toFixed(5))}${accuracy}${
					loc.kelurahan_name ? ` · ${esc(loc.kelurahan_name)}` : ""
				}</div>`
			);
			if (loc.location_accuracy_m > 500) {
				lines.push(
					`<div class="text-warning">${__(
						"Low accuracy: confirm the place with the caller."
					)}</div>`
				);
			}
		} else {
			lines.push(
				`<div class="text-muted">${__(
					"No position yet: ask for the kelurahan and a landmark."
				)}</div>`
			);
		}
		if (loc.outside_ambon) {
			lines.push(
				`<div class="text-danger">${__(
					"The coordinates lie outside Kota Ambon: check the location."
				)}</div>`
			);
		}
		if (this.active.aml_warning) {
			lines.push(
				`<div class="alert alert-warning">${__(
					"AML location kept despite an odd message:"
				)}<br>${esc(this.active.aml_warning).replace(/\n/g, "<br>")}</div>`
			);
		}
		this.$location.html(lines.join(""));
		this.draw_map();
	}

	point() {
		if (this.entry.moved_pin) return this.entry.moved_pin;
		const loc = this.active && this.active.location;
		if (loc && (loc.latitude || loc.longitude))
			return { latitude: loc.latitude, longitude: loc.longitude };
		return null;
	}

	draw_map() {
		if (!this.map) return;
		this.map.invalidateSize();
		this.map_layer.clearLayers();
		const point = this.point();
		if (!point) return;
		const latlng = [point.latitude, point.longitude];
		L.circleMarker(latlng, { radius: 9, color: "#2490ef", fillOpacity: 0.8 }).addTo(
			this.map_layer
		);
		const accuracy = !this.entry.moved_pin && this.active.location.location_accuracy_m;
		if (accuracy) L.circle(latlng, { radius: accuracy, weight: 1 }).addTo(this.map_layer);
		for (const m of this.entry.nearby) {
			if (m.latitude || m.longitude) {
				L.circleMarker([m.latitude, m.longitude], { radius: 7, color: "#e24c4c" })
					.bindTooltip(ambon112.esc(m.title))
					.addTo(this.map_layer);
			}
		}
		this.map.fitBounds(L.latLng(latlng).toBounds(600)); // about 300 m around the caller
	}

	// ------------------------------------------------------------ classify

	press_class(classification) {
		if (!this.active) {
			this.say(__("No active call: press N for the next call."), "orange");
			return;
		}
		if (classification === "Emergency") {
			this.entry.mode = "emergency";
			this.$type.focus();
			return;
		}
		this.classify(classification);
	}

	async classify(classification) {
		const call = this.active.call;
		try {
			await this.api("classify", { call, classification, notes: this.$notes.val() }, "POST");
			this.say(__("Call classified as {0}", [ambon112.esc(__(classification))]), "green");
			this.close_active();
		} catch (r) {
			this.say_error(r);
		}
	}

	close_active() {
		if (this.active) this.finished.add(this.active.call);
		// The next call starts with single-key commands, not inside the last call's notes.
		if (document.activeElement && this.$body[0].contains(document.activeElement))
			document.activeElement.blur();
		this.active = null;
		this.reset_entry();
		this.$type.val("");
		this.$type_results.html("");
		this.$notes.val("");
		this.$landmark.val("");
		this.kelurahan.set_value("");
		this.render_active();
		this.render_location();
		this.render_entry();
		this.$nearby.html("");
		this.refresh();
	}

	// ------------------------------------------------------------ middle: type, triage, nearby

	async search_types() {
		const txt = this.$type.val();
		const results = await this.api("incident_types", { txt });
		if (txt !== this.$type.val()) return; // typed on meanwhile: a newer search follows
		this.searched = txt;
		this.type_results = results;
		this.type_index = 0;
		this.render_type_results();
	}

	render_type_results() {
		const esc = ambon112.esc;
		this.$type_results.html(
			this.type_results
				.map(
					(t, i) =>
						`<div class="cc-type-option ${
							i === this.type_index ? "cc-highlight" : ""
						}" data-type="${esc(t.name)}">${esc(
							t.label
						)} <span class="text-muted small">${esc(t.default_priority)}</span></div>`
				)
				.join("")
		);
		this.$type_results
			.find(".cc-type-option")
			.on("click", (e) => this.choose_type($(e.currentTarget).attr("data-type")));
	}

	async choose_type(name) {
		if (!this.active) return;
		const chosen = this.type_results.find((t) => t.name === name) || { name, label: __(name) };
		this.entry.mode = "emergency";
		this.entry.incident_type = name;
		this.entry.type_label = chosen.label;
		this.entry.answers = {};
		this.$type_results.html("");
		this.$type.val(chosen.label);
		this.render_entry();
		// Side by side: the questions, the priority, the incidents nearby and the units.
		const questions = this.api(`${INTAKE_API}.triage_questions`, { incident_type: name }).then(
			(rows) => {
				if (this.entry.incident_type !== name) return;
				this.entry.questions = rows;
				this.render_entry();
			}
		);
		await Promise.all([questions, this.preview(), this.load_nearby(), this.load_units()]);
		// Keyboard first: the first triage question, else the notes.
		const first = this.$triage.find("select, input").first();
		(first.length ? first : this.$notes).focus();
	}

	render_entry() {
		const esc = ambon112.esc;
		this.$type_chosen.html(
			this.entry.incident_type
				? `<div><b>${__("Incident Type")}: ${esc(this.entry.type_label)}</b></div>`
				: ""
		);
		const fields = this.entry.questions.map((q) => {
			const id = `cc-q-${esc(q.name)}`;
			const label = `<label for="${id}" class="small">${esc(q.question)}</label>`;
			if (q.answer_type === "Yes/No" || q.answer_type === "Choice") {
				const options = q.answer_type === "Yes/No" ? ["Yes", "No"] : q.choices;
				return `<div class="cc-question">${label}<select class="form-control input-sm" id="${id}" data-question="${esc(
					q.name
				)}"><option value=""></option>${options
					.map((o) => `<option value="${esc(o)}">${esc(__(o))}</option>`)
					.join("")}</select></div>`;
			}
			return `<div class="cc-question">${label}<input class="form-control input-sm" id="${id}" data-question="${esc(
				q.name
			)}"></div>`;
		});
		this.$triage.html(
			fields.length ? `<h6 class="cc-head">${__("Triage")}</h6>${fields.join("")}` : ""
		);
		this.$triage.find("[data-question]").on("change", (e) => {
			const $f = $(e.currentTarget);
			const value = ($f.val() || "").trim();
			if (value) this.entry.answers[$f.attr("data-question")] = value;
			else delete this.entry.answers[$f.attr("data-question")];
			this.preview();
			this.load_units();
		});
		this.render_priority();
		this.render_units();
		this.render_agencies();
	}

	async preview() {
		if (!this.entry.incident_type) return;
		try {
			this.entry.preview = await this.api(`${INTAKE_API}.triage_preview`, {
				incident_type: this.entry.incident_type,
				answers: JSON.stringify(this.entry.answers),
			});
		} catch (r) {
			this.entry.preview = null;
			this.say_error(r);
		}
		this.render_priority();
	}

	render_priority() {
		const p = this.entry.preview;
		this.$priority.html(p ? ambon112.triage.preview_html(p) : "");
	}

	location_args() {
		const args = {};
		const point = this.point();
		if (point) Object.assign(args, point);
		const kelurahan = this.kelurahan.get_value();
		if (kelurahan) args.kelurahan = kelurahan;
		return args;
	}

	location_changed() {
		if (!this.active || this.activating) return;
		this.render_location();
		this.load_nearby();
		this.load_units();
	}

	async load_nearby() {
		if (!this.active) return;
		const matches = await this.api(`${INTAKE_API}.duplicate_candidates`, {
			call: this.active.call,
			incident_type: this.entry.incident_type || undefined,
			...this.location_args(),
		});
		this.entry.nearby = matches;
		this.render_nearby();
		this.draw_map();
	}

	render_nearby() {
		const esc = ambon112.esc;
		if (!this.entry.nearby.length) {
			this.$nearby.html(
				`<p class="text-muted">${__("No open incident of this kind nearby.")}</p>`
			);
			return;
		}
		this.$nearby.html(
			this.entry.nearby
				.slice(0, 5)
				.map(
					(m, i) => `<div class="cc-nearby-row">
					<button class="btn btn-xs btn-warning" data-incident="${esc(m.name)}">${__("Link Call")}${
						i === 0 ? " <kbd>L</kbd>" : ""
					}</button>
					<b>${esc(m.title)}</b>
					<span class="text-muted small">${esc(__(m.incident_type))} · ${esc(__(m.status))} · ${esc(
						m.priority
					)} · ${esc(
						m.distance_m === null
							? __("same kelurahan")
							: __("{0} m", [Math.round(m.distance_m)])
					)} · ${esc(__("{0} min ago", [Math.round(m.minutes_ago)]))}</span>
				</div>`
				)
				.join("")
		);
		this.$nearby
			.find("button[data-incident]")
			.on("click", (e) => this.save($(e.currentTarget).attr("data-incident")));
	}

	// ------------------------------------------------------------ right: units and agencies

	async load_units() {
		if (!this.active || !this.entry.incident_type) return;
		try {
			this.entry.recommendation = await this.api("recommend", {
				call: this.active.call,
				incident_type: this.entry.incident_type,
				answers: JSON.stringify(this.entry.answers),
				...this.location_args(),
			});
		} catch (r) {
			this.entry.recommendation = null;
			this.say_error(r);
		}
		const units = this.entry.recommendation ? this.entry.recommendation.units : [];
		const available = new Set(units.map((u) => u.unit));
		// A unit no longer offered is no longer selected; the first recommendation is, by default.
		for (const unit of [...this.entry.selected_units]) {
			if (!available.has(unit)) this.entry.selected_units.delete(unit);
		}
		if (!this.entry.selected_units.size && units.length)
			this.entry.selected_units.add(units[0].unit);
		this.render_units();
		if (!this.agency_list) this.load_agencies();
	}

	render_units() {
		const esc = ambon112.esc;
		const rec = this.entry.recommendation;
		if (!rec) {
			this.$units.html(
				`<p class="text-muted">${__("Choose the incident type to see units.")}</p>`
			);
			return;
		}
		if (!rec.units.length) {
			this.$units.html(`<p class="text-muted">${__("No unit is available.")}</p>`);
			return;
		}
		this.$units.html(
			rec.units
				.map(
					(u) => `<label class="cc-unit d-block">
					<input type="checkbox" class="cc-pick" data-unit="${esc(u.unit)}" ${
						this.entry.selected_units.has(u.unit) ? "checked" : ""
					}>
					<b>${esc(u.unit)}</b> <span class="text-muted small">${esc(u.agency)} · ${esc(u.unit_type || "")}${
						u.eta_minutes != null ? ` · ${esc(__("{0} min", [u.eta_minutes]))}` : ""
					}</span>
					<div class="text-muted small">${u.reasons.map(esc).join("; ")}</div>
				</label>`
				)
				.join("")
		);
		this.$units.find(".cc-pick").on("change", (e) => {
			const $box = $(e.currentTarget);
			const unit = $box.attr("data-unit");
			if ($box.prop("checked")) {
				this.entry.selected_units.add(unit);
				this.entry.ticked_by_hand.add(unit);
			} else {
				this.entry.selected_units.delete(unit);
				this.entry.ticked_by_hand.delete(unit);
			}
		});
	}

	async load_agencies() {
		this.agency_list = await frappe.db.get_list("Agency", {
			filters: { is_active: 1 },
			fields: ["name", "agency_name", "agency_type"],
			order_by: "agency_name asc",
			limit: 100,
		});
		this.render_agencies();
	}

	render_agencies() {
		const esc = ambon112.esc;
		if (!this.agency_list || !this.entry.incident_type) {
			this.$agencies.html("");
			return;
		}
		const wanted = new Set((this.entry.recommendation || {}).agency_types || []);
		const listed = this.agency_list.filter(
			(a) => wanted.has(a.agency_type) || this.entry.agencies.has(a.name)
		);
		const rest = this.agency_list.filter((a) => !listed.includes(a));
		const row = (a) => `<label class="d-block small">
			<input type="checkbox" class="cc-agency" data-agency="${esc(a.name)}" ${
			this.entry.agencies.has(a.name) ? "checked" : ""
		}> ${esc(a.agency_name)} <span class="text-muted">${esc(
			__(a.agency_type)
		)}</span></label>`;
		this.$agencies.html(
			`<div class="text-muted small">${__(
				"Ask an agency to choose its own unit:"
			)}</div>${listed.map(row).join("")}<details><summary class="small">${__(
				"Other agencies"
			)}</summary>${rest.map(row).join("")}</details>`
		);
		this.$agencies.find(".cc-agency").on("change", (e) => {
			const $box = $(e.currentTarget);
			if ($box.prop("checked")) this.entry.agencies.add($box.attr("data-agency"));
			else this.entry.agencies.delete($box.attr("data-agency"));
		});
	}

	// ------------------------------------------------------------ the one save

	async save(link_to = null) {
		if (!this.active || this.saving) return;
		if (!link_to && !this.entry.incident_type) {
			this.say(
				__("Choose the incident type, or link the call to an open incident."),
				"orange"
			);
			this.$type.focus();
			return;
		}
		const location = {
			kelurahan: this.kelurahan.get_value() || "",
			landmark: this.$landmark.val() || "",
		};
		if (this.entry.moved_pin) Object.assign(location, this.entry.moved_pin);
		// A call linked to an open incident (a second caller about the same fire) sends only the
		// units the operator ticked: the incident has its response, the default tick is for new ones.
		const units = [...this.entry.selected_units].filter(
			(unit) => !link_to || this.entry.ticked_by_hand.has(unit)
		);
		const args = {
			call: this.active.call,
			incident_type: this.entry.incident_type,
			answers: JSON.stringify(this.entry.answers),
			location: JSON.stringify(location),
			notes: this.$notes.val(),
			units: JSON.stringify(units),
			agencies: JSON.stringify([...this.entry.agencies]),
		};
		if (link_to) args.link_to = link_to;
		this.saving = true;
		this.$result.html("");
		try {
			const r = await this.api("save_emergency", args, "POST");
			this.show_result(r);
			this.close_active();
		} catch (r) {
			this.say_error(r);
			// A unit another dispatcher took meanwhile: the list is read again, the next one offered.
			if (r.exc_type === "UnitNotAvailableError") {
				this.entry.selected_units.clear();
				this.entry.ticked_by_hand.clear();
				await this.load_units();
			}
		} finally {
			this.saving = false;
		}
	}

	show_result(r) {
		const esc = ambon112.esc;
		const sent = r.dispatches.map((d) => esc(d.unit || d.agency)).join(", ");
		this.$result.html(`<div class="alert alert-success cc-saved">
			${
				r.linked
					? __("Call linked to incident {0}", [
							`<a href="/app/incident/${encodeURIComponent(r.incident)}">${esc(
								r.incident
							)}</a>`,
					  ])
					: __("Incident {0} created with priority {1}", [
							`<a href="/app/incident/${encodeURIComponent(r.incident)}">${esc(
								r.incident
							)}</a>`,
							esc(r.priority),
					  ])
			}
			${sent ? `<br>${__("Dispatched")}: ${sent}` : ""}
		</div>`);
		this.$message.html("");
	}

	say(html, color) {
		this.$message.html(
			`<div class="alert alert-${
				color === "green" ? "success" : "warning"
			} cc-said">${html}</div>`
		);
	}

	say_error(r) {
		let messages = [];
		try {
			messages = JSON.parse(r._server_messages || "[]").map((m) => {
				const parsed = typeof m === "string" ? JSON.parse(m) : m;
				return parsed.message || parsed;
			});
		} catch (e) {
			messages = [];
		}
		// The server's messages may carry Frappe's own markup (bold names), never HTML we did not escape.
		const text = messages.length
			? messages
					.map((m) =>
						ambon112.esc(frappe.utils.html2text ? frappe.utils.html2text(m) : m)
					)
					.join("<br>")
			: __("The server refused this: try again.");
		this.$message.html(`<div class="alert alert-danger cc-error">${text}</div>`);
	}

	// ------------------------------------------------------------ keys

	bind_keys() {
		$(document).on("keydown.ambon112_console", (e) => {
			if (!this.is_visible() || $(".modal.show").length) return;
			const in_field = $(e.target).is("input, textarea, select, [contenteditable]");
			if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
				e.preventDefault();
				this.save();
				return;
			}
			if (e.target === this.$type[0]) {
				if (this.on_type_key(e)) return;
			}
			if (e.key === "Escape" && in_field) {
				e.target.blur();
				return;
			}
			if (in_field || e.ctrlKey || e.altKey || e.metaKey) return;
			const key = e.key.toLowerCase();
			const cls = CLASS_KEYS.find((c) => c.key === key);
			if (cls) {
				e.preventDefault();
				this.press_class(cls.classification);
			} else if (key === "n") {
				e.preventDefault();
				this.next_call();
			} else if (key === "/") {
				e.preventDefault();
				this.$type.focus();
			} else if (key === "l" && this.entry.nearby.length && this.active) {
				e.preventDefault();
				this.save(this.entry.nearby[0].name);
			}
		});
	}

	on_type_key(e) {
		if (e.key === "ArrowDown" || e.key === "ArrowUp") {
			e.preventDefault();
			const n = this.type_results.length;
			if (n) this.type_index = (this.type_index + (e.key === "ArrowDown" ? 1 : n - 1)) % n;
			this.render_type_results();
			return true;
		}
		if (e.key === "Enter" && !e.ctrlKey && !e.metaKey) {
			e.preventDefault();
			// Enter right after typing: search what was typed first, then take the best match.
			const ready =
				this.searched === this.$type.val() ? Promise.resolve() : this.search_types();
			ready.then(() => {
				const chosen = this.type_results[this.type_index];
				if (chosen) this.choose_type(chosen.name);
			});
			return true;
		}
		return false;
	}
};
