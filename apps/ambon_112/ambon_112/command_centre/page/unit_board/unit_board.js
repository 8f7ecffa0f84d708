// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// The command centre's unit board: every unit by agency, coloured by status, with its incident
// and minutes in status, beside a map of open incidents and units. It reloads (debounced) when
// the server announces a change in the Emergency Unit doctype room, and at least every minute.

frappe.provide("ambon112");

const BOARD_EVENT = "ambon112_board_changed";
const BOARD_DOCTYPE = "Emergency Unit";
// Colours, the LATIHAN mark and the map: ambon112.display (public/js/display.js, from core/display.py).

frappe.pages["unit-board"].on_page_load = function (wrapper) {
	const page = frappe.ui.make_app_page({
		parent: wrapper,
		title: __("Unit Board"),
		single_column: true,
	});
	wrapper.unit_board = new ambon112.UnitBoard(page);
};

frappe.pages["unit-board"].on_page_show = function (wrapper) {
	wrapper.unit_board && wrapper.unit_board.refresh();
};

ambon112.UnitBoard = class UnitBoard {
	constructor(page) {
		this.page = page;
		this.data = null;
		this.filter = "";
		this.make_layout();
		this.make_map();
		this.listen();
		this.refresh();
	}

	make_layout() {
		this.page.set_primary_action(__("Refresh"), () => this.refresh(), "refresh");
		this.filter_field = this.page.add_field({
			fieldname: "filter",
			fieldtype: "Data",
			label: __("Filter"),
			placeholder: __("Call sign, agency, status or incident"),
			change: () => {
				this.filter = (this.filter_field.get_value() || "").toLowerCase();
				this.render_units();
			},
		});
		this.$body = $(`
			<div class="ambon112-unit-board">
				<div class="ub-totals"></div>
				<div class="ub-columns">
					<div class="ub-units"></div>
					<div class="ub-map-wrapper"><div class="ub-map"></div></div>
				</div>
				<div class="ub-updated text-muted small"></div>
			</div>
		`).appendTo(this.page.main);
		this.$totals = this.$body.find(".ub-totals");
		this.$units = this.$body.find(".ub-units");
		this.$updated = this.$body.find(".ub-updated");
		this.$units.on("click", "[data-doctype]", (e) => {
			const $target = $(e.currentTarget);
			frappe.set_route("Form", $target.attr("data-doctype"), $target.attr("data-name"));
			return false;
		});
		$(`<style>
			.ambon112-unit-board .ub-totals { display: flex; flex-wrap: wrap; gap: 6px; margin-bottom: 10px; }
			.ambon112-unit-board .ub-columns { display: flex; gap: 12px; align-items: flex-start; }
			.ambon112-unit-board .ub-units { flex: 3; max-height: calc(100vh - 210px); overflow-y: auto; }
			.ambon112-unit-board .ub-map-wrapper { flex: 2; position: sticky; top: 70px; }
			.ambon112-unit-board .ub-map { height: calc(100vh - 210px); min-height: 360px; border-radius: 8px; z-index: 1; }
			.ambon112-unit-board .ub-group { margin-bottom: 12px; }
			.ambon112-unit-board .ub-group-head { font-weight: 600; margin-bottom: 6px; display: flex; gap: 8px; flex-wrap: wrap; align-items: baseline; }
			.ambon112-unit-board .ub-tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); gap: 6px; }
			.ambon112-unit-board .ub-tile { border-left: 6px solid var(--gray-400); background: var(--control-bg); border-radius: 6px; padding: 6px 8px; cursor: pointer; font-size: var(--text-sm); }
			.ambon112-unit-board .ub-tile .ub-call-sign { font-weight: 600; }
			.ambon112-unit-board .ub-tile.ub-exercise { outline: 2px dashed var(--pink-500, #c2185b); outline-offset: -2px; }
			.ambon112-unit-board .ub-tile .ub-incident { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
			@media (max-width: 991px) { .ambon112-unit-board .ub-columns { flex-direction: column; } .ambon112-unit-board .ub-map-wrapper { position: static; width: 100%; } }
		</style>`).appendTo(this.$body);
	}

	make_map() {
		if (!window.L) {
			// Leaflet comes with the desk (libs.bundle.js); without it the board still lists units.
			this.$body.find(".ub-map-wrapper").remove();
			return;
		}
		this.map = ambon112.display.map(this.$body.find(".ub-map")[0]);
		this.draw_outlines();
		this.incident_layer = L.layerGroup().addTo(this.map);
		this.unit_layer = L.layerGroup().addTo(this.map);
		this.fitted = false;
	}

	draw_outlines() {
		frappe.xcall("ambon_112.api.unit_board.area_outlines").then((areas) => {
			for (const area of areas) {
				L.geoJSON(area.boundary, {
					style: { color: "#8d99a6", weight: 1, fillOpacity: 0.03, interactive: false },
				})
					.bindTooltip(ambon112.esc(area.area_name))
					.addTo(this.map)
					.bringToBack();
			}
		});
	}

	listen() {
		// Rooms, never the whole site: the server publishes to the Emergency Unit doctype room.
		frappe.realtime.doctype_subscribe(BOARD_DOCTYPE);
		frappe.realtime.on(BOARD_EVENT, () => this.schedule_refresh());
		// A missed event (reconnect, sleep) is caught up within a minute; minutes tick locally.
		setInterval(() => this.is_visible() && this.refresh(), 60 * 1000);
		setInterval(() => this.is_visible() && this.render_units(), 20 * 1000);
	}

	is_visible() {
		return frappe.get_route_str() === "unit-board";
	}

	schedule_refresh() {
		if (this.pending) return;
		this.pending = setTimeout(() => {
			this.pending = null;
			this.is_visible() && this.refresh();
		}, 1500);
	}

	refresh() {
		return frappe.xcall("ambon_112.api.unit_board.get_board_data").then((data) => {
			this.data = data;
			// Minutes count from the server's clock, not the browser's.
			this.offset_ms = Date.now() - frappe.datetime.str_to_obj(data.now).getTime();
			this.render();
		});
	}

	render() {
		this.render_totals();
		this.render_units();
		this.render_map();
		this.$updated.text(__("Updated {0}", [frappe.datetime.str_to_user(this.data.now)]));
	}

	render_totals() {
		const totals = this.data.totals || {};
		const esc = ambon112.esc;
		// `color` is an indicator class of core/display.py; label and count are escaped here.
		const pill = (color, label, count) =>
			`<span class="indicator-pill ${color}">${esc(label)}: ${esc(count)}</span>`;
		const exercises = this.data.incidents.filter((incident) => incident.is_exercise).length;
		this.$totals.html(
			ambon112.display
				.unit_statuses()
				.map((status) =>
					pill(
						ambon112.display.unit_status(status).indicator,
						__(status),
						totals[status] || 0
					)
				)
				.join("") +
				pill("red", __("Open incidents"), this.data.incidents.length) +
				(exercises
					? pill(
							ambon112.display.exercise_colour().indicator,
							ambon112.display.exercise_label(),
							exercises
					  )
					: "")
		);
	}

	minutes(unit) {
		if (!unit.status_since) return null;
		const since = frappe.datetime.str_to_obj(unit.status_since).getTime();
		return Math.max(0, Math.floor((Date.now() - this.offset_ms - since) / 60000));
	}

	matches(unit, group) {
		if (!this.filter) return true;
		return [
			unit.name,
			unit.status,
			__(unit.status),
			unit.unit_type,
			group.abbreviation,
			group.agency,
			unit.current_incident,
			unit.incident_title,
			unit.on_exercise ? ambon112.display.exercise_label() : null,
		]
			.filter(Boolean)
			.some((value) => String(value).toLowerCase().includes(this.filter));
	}

	render_units() {
		if (!this.data) return;
		const esc = ambon112.esc;
		const html = this.data.groups
			.map((group) => {
				const units = group.units.filter((unit) => this.matches(unit, group));
				if (!units.length) return "";
				const counts = ambon112.display
					.unit_statuses()
					.filter((status) => group.counts[status])
					.map((status) =>
						ambon112.display.unit_status_dot(status, group.counts[status])
					)
					.join(" ");
				return `
					<div class="ub-group">
						<div class="ub-group-head">
							<span>${esc(group.abbreviation)}</span>
							<span class="text-muted small">${esc(__(group.agency_type || ""))}</span>
							<span class="small">${counts}</span>
						</div>
						<div class="ub-tiles">${units.map((unit) => this.tile(unit)).join("")}</div>
					</div>`;
			})
			.join("");
		this.$units.html(html || `<div class="text-muted">${__("No units")}</div>`);
	}

	tile(unit) {
		const esc = ambon112.esc;
		const minutes = this.minutes(unit);
		const since = minutes === null ? "" : esc(__("{0} min", [minutes]));
		const status = ambon112.display.unit_status_dot(unit.status);
		const color = ambon112.display.unit_status(unit.status).hex;
		// A unit on a drill's dispatch is not on a real emergency: it says so (LATIHAN).
		const exercise = unit.on_exercise ? ambon112.display.exercise_pill() : "";
		let incident = "";
		if (unit.current_incident) {
			const title = esc(unit.incident_title || unit.current_incident);
			incident = `<a class="ub-incident" data-doctype="Incident"
				data-name="${esc(unit.current_incident)}" title="${title}">
				${esc(unit.incident_priority || "")} ${title}</a>`;
		}
		return `
			<div class="ub-tile${unit.on_exercise ? " ub-exercise" : ""}" data-doctype="Emergency Unit"
				data-name="${esc(unit.name)}" style="border-left-color: ${esc(color)}">
				<div class="ub-call-sign">${esc(unit.name)} ${exercise}</div>
				<div class="text-muted">${esc(__(unit.unit_type || ""))}</div>
				<div>${status} <span class="text-muted">${since}</span></div>
				${incident}
			</div>`;
	}

	render_map() {
		if (!this.map) return;
		const esc = ambon112.esc;
		this.incident_layer.clearLayers();
		this.unit_layer.clearLayers();
		const points = [];
		for (const incident of this.data.incidents) {
			if (!incident.latitude && !incident.longitude) continue;
			const point = [incident.latitude, incident.longitude];
			const status = esc(__(incident.status));
			// A drill's incident: dashed, in the exercise colour, and its tooltip says LATIHAN.
			const exercise = incident.is_exercise;
			const latihan = exercise ? `${esc(ambon112.display.exercise_label())} · ` : "";
			points.push(point);
			L.circleMarker(point, {
				radius: 11,
				color: exercise
					? ambon112.display.exercise_colour().hex
					: ambon112.display.priority(incident.priority).hex,
				dashArray: exercise ? "4 4" : null,
				className: exercise ? "ub-exercise-incident" : "ub-incident-marker",
				weight: 3,
				fillOpacity: 0.25,
			})
				.bindTooltip(
					`${latihan}${esc(incident.priority || "")} ${esc(incident.title)} (${status})`
				)
				.on("click", () => frappe.set_route("Form", "Incident", incident.name))
				.addTo(this.incident_layer);
		}
		for (const group of this.data.groups) {
			for (const unit of group.units) {
				if (!unit.latitude && !unit.longitude) continue;
				const point = [unit.latitude, unit.longitude];
				points.push(point);
				L.circleMarker(point, {
					radius: 6,
					color: "#ffffff",
					weight: 1,
					fillColor: ambon112.display.unit_status(unit.status).hex,
					fillOpacity: 0.95,
				})
					.bindTooltip(
						`${
							unit.on_exercise ? esc(ambon112.display.exercise_label()) + " · " : ""
						}` +
							`${esc(unit.name)} · ${esc(group.abbreviation)} · ${esc(
								__(unit.status)
							)}`
					)
					.on("click", () => frappe.set_route("Form", "Emergency Unit", unit.name))
					.addTo(this.unit_layer);
			}
		}
		// The map may have been laid out while the page was hidden: measure it again before fitting
		// (a zero-sized map fits any bounds at the highest zoom). Fit once; later refreshes keep the
		// dispatcher's own zoom.
		setTimeout(() => {
			this.map.invalidateSize();
			if (!this.fitted && points.length) {
				this.map.fitBounds(L.latLngBounds(points).pad(0.1), { maxZoom: 15 });
				this.fitted = true;
			}
		}, 50);
	}
};
