// How every page of ambon_112 shows a duration, a unit's status, an incident's priority, a drill
// (LATIHAN) and the map of Kota Ambon: the one helper of the desk's and the agency portal's scripts.
// The colours and the map come from the Python (core/display.py): the desk gets them with the boot
// (frappe.boot.ambon112_display), a portal page in window.ambon112_display. Load after escape.js.
frappe.provide("ambon112.display");

(() => {
	const display = ambon112.display;

	function config() {
		return (frappe.boot && frappe.boot.ambon112_display) || window.ambon112_display;
	}

	function pad(n) {
		return String(n).padStart(2, "0");
	}

	// As core/durations.py `clock`: m:ss under an hour, h:mm:ss from an hour, d hh:mm:ss from a
	// day; "" when unknown. Language-neutral, so a screen and a printed report read the same.
	display.duration = (seconds) => {
		if (seconds === null || seconds === undefined || seconds === "") return "";
		const total = Math.max(0, Math.trunc(Number(seconds)));
		if (!Number.isFinite(total)) return "";
		const days = Math.floor(total / 86400);
		const hours = Math.floor((total % 86400) / 3600);
		const minutes = Math.floor((total % 3600) / 60);
		const secs = total % 60;
		if (days) return `${days}d ${pad(hours)}:${pad(minutes)}:${pad(secs)}`;
		if (hours) return `${hours}:${pad(minutes)}:${pad(secs)}`;
		return `${minutes}:${pad(secs)}`;
	};

	// {indicator, hex} of a unit status or a priority; gray for anything unknown.
	display.unit_status = (status) => config().unit_status[status] || config().none;
	display.priority = (priority) => config().priority[priority] || config().none;
	display.is_priority = (value) => Object.hasOwn(config().priority, value);
	// The unit statuses in the order a board reads them.
	display.unit_statuses = () => Object.keys(config().unit_status);
	display.exercise_colour = () => config().exercise;

	// A coloured mark: `kind` "indicator-pill" (a pill) or "indicator" (a dot and text); `text` is
	// escaped here, the colour class comes from the Python's map.
	function mark(kind, colour, text, extra_class = "") {
		return `<span class="${kind} ${colour.indicator} ${extra_class}">${ambon112.esc(
			text
		)}</span>`;
	}
	display.pill = (colour, text, extra_class) =>
		mark("indicator-pill", colour, text, extra_class);
	display.dot = (colour, text, extra_class) => mark("indicator", colour, text, extra_class);
	display.unit_status_pill = (status, text) =>
		display.pill(display.unit_status(status), text === undefined ? __(status) : text);
	display.unit_status_dot = (status, text) =>
		display.dot(display.unit_status(status), text === undefined ? __(status) : text);
	display.priority_pill = (priority) =>
		priority ? display.pill(display.priority(priority), priority) : "";
	// The LATIHAN mark of a drill's call, incident, dispatch or unit.
	display.exercise_label = () => __("LATIHAN");
	display.exercise_pill = () =>
		display.pill(display.exercise_colour(), display.exercise_label(), "ambon112-latihan");

	// A list's subject (listview_settings.formatters of its first column) prefixed with LATIHAN for
	// a drill's record. Frappe puts the subject in the link as text (textContent), never as HTML:
	// it is not escaped here (escaping would show "&amp;" for "&").
	display.exercise_subject = (value, doc) =>
		doc && doc.is_exercise ? `${display.exercise_label()} · ${value || doc.name}` : value;

	// A Leaflet map of Kota Ambon in `element`, or centred on `point` ([lat, lng]) at street level;
	// null where Leaflet is not loaded (the page then works without its map).
	display.map = (element, point) => {
		if (!window.L || !element) return null;
		const map_config = config().map;
		const map = L.map(element).setView(
			point || map_config.centre,
			point ? map_config.point_zoom : map_config.zoom
		);
		L.tileLayer(map_config.tiles, map_config.options).addTo(map);
		return map;
	};

	// On a map of GeoJSON points (properties.is_exercise from the server's database read), a
	// permanent LATIHAN label on each drill's point.
	display.mark_exercises = (map) => {
		if (!map) return;
		if (!document.getElementById("ambon112-latihan-style")) {
			$(`<style id="ambon112-latihan-style">
				.leaflet-tooltip.ambon112-latihan-tooltip {
					background: ${display.exercise_colour().hex}; color: #fff; font-weight: 700;
				}
			</style>`).appendTo(document.head);
		}
		map.eachLayer((layer) => {
			if (layer.feature && layer.feature.properties.is_exercise && layer.bindTooltip) {
				layer
					.bindTooltip(ambon112.esc(display.exercise_label()), {
						permanent: true,
						direction: "top",
						className: "ambon112-latihan-tooltip",
					})
					.openTooltip();
			}
		});
	};

	// Frappe's own map controls (the Geolocation field of a call or an incident) open on Ambon too.
	function ambon_as_frappe_map_default() {
		const defaults = frappe.utils && frappe.utils.map_defaults;
		if (!defaults || !config()) return;
		const map_config = config().map;
		Object.assign(defaults, {
			center: map_config.centre,
			zoom: map_config.zoom,
			tiles: map_config.tiles,
			options: map_config.options,
		});
	}
	if (config()) ambon_as_frappe_map_default();
	else if (window.$) $(document).on("app_ready", ambon_as_frappe_map_default);
})();
