// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.query_reports["Incidents by Area"] = {
	filters: [
		...ambon112.report_filters.period(),
		ambon112.report_filters.kecamatan(),
		ambon112.report_filters.incident_type(),
		ambon112.report_filters.priority(),
		ambon112.report_filters.agency(),
	],
	tree: true,
	initial_depth: 1,
	onload(report) {
		this.area_map = new ambon112.AreaMap(report);
	},
	after_datatable_render() {
		this.area_map && this.area_map.refresh();
	},
	formatter: ambon112.report_filters.formatter(),
};

// The villages of Kota Ambon shaded by their number of incidents, for the report's filters.
// Tiles need the internet; the village shapes come from the site, so the map works without.
// (A namespaced class: report scripts run in the global scope.)
frappe.provide("ambon112");
ambon112.AreaMap = class AreaMap {
	constructor(report) {
		this.report = report;
		this.$wrapper = $(`<div class="ambon112-area-map"
			style="height: 460px; margin: var(--margin-md) 0; border-radius: var(--border-radius-md);"></div>`);
		this.$wrapper.insertBefore(report.$report);
		this.map = ambon112.display.map(this.$wrapper[0]);
		this.layer = null;
	}

	refresh() {
		frappe
			.xcall("ambon_112.api.reports.incident_map", {
				filters: this.report.get_filter_values(),
			})
			.then((collection) => this.render(collection));
	}

	render(collection) {
		if (this.layer) this.layer.remove();
		const most = Math.max(1, ...collection.features.map((f) => f.properties.incidents));
		this.layer = L.geoJSON(collection, {
			style: (feature) => ({
				color: "#555",
				weight: 1,
				fillColor: feature.properties.incidents ? "#e03636" : "#cccccc",
				fillOpacity: feature.properties.incidents
					? 0.15 + (0.65 * feature.properties.incidents) / most
					: 0.1,
			}),
			onEachFeature: (feature, layer) =>
				layer.bindTooltip(
					`${ambon112.esc(feature.properties.name)}: ${ambon112.esc(
						feature.properties.incidents
					)} ${__("incidents")}`
				),
		}).addTo(this.map);
		this.$wrapper.attr("data-villages", collection.features.length);
		this.$wrapper.attr("data-incidents", collection.incidents);
		const bounds = this.layer.getBounds();
		if (bounds.isValid()) this.map.fitBounds(bounds);
		setTimeout(() => this.map.invalidateSize(), 0);
	}
};
