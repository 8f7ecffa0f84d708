// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

frappe.provide("frappe.dashboards.chart_sources");

// Computed on every request in ambon_112/command_centre/dashboard.py (see there why not cached).
frappe.dashboards.chart_sources["Calls Today by Class"] = {
	method: "ambon_112.api.dashboard.calls_today_by_class",
	filters: [],
};
