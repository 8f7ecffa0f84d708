// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// Meanings of the Incident workflow states (Incident.status): state names belong to the admins.
const INCIDENT_OPEN_MEANINGS = ["New", "Triaged", "Dispatched", "On Scene", "Resolved"];

frappe.ui.form.on("Incident", {
	setup(frm) {
		frm.set_query("kelurahan", () => ({ filters: { is_group: 0 } }));
		frm.set_query("incident_type", () => ({ filters: { is_active: 1 } }));
		frm.set_query("duplicate_of", () => ({ filters: { name: ["!=", frm.doc.name] } }));
	},
	refresh(frm) {
		if (frm.doc.outside_ambon) {
			frm.dashboard.add_comment(
				__("The coordinates lie outside Kota Ambon: check the location."),
				"red",
				true
			);
		}
		if (frm.doc.is_exercise) {
			frm.dashboard.set_headline_alert(__("Exercise (drill): not counted in KPIs."), "blue");
		}
		if (frm.is_new()) return;
		if (
			INCIDENT_OPEN_MEANINGS.includes(frm.doc.status) &&
			frappe.model.can_create("Dispatch")
		) {
			frm.add_custom_button(__("Dispatch Units"), () =>
				new ambon112.DispatchDialog(frm).show()
			).addClass("btn-primary");
		}
		frm.add_custom_button(__("Unit Board"), () => frappe.set_route("unit-board"), __("View"));
		show_response_times(frm);
	},
});

function show_response_times(frm) {
	frappe
		.xcall("ambon_112.api.response_times.for_incident", { incident: frm.doc.name })
		.then((report) => {
			if (!report.segments.length) return;
			const esc = ambon112.esc;
			const rows = report.segments
				.map((s) => {
					const label = esc(s.label);
					const names = esc(s.skipped.join(", "));
					const skipped = names ? ` <small>(${__("skipped")}: ${names})</small>` : "";
					const time = esc(ambon112.display.duration(s.seconds));
					return `<tr><td>${label}${skipped}</td><td class="text-right">${time}</td></tr>`;
				})
				.join("");
			frm.dashboard.add_section(
				`<table class="table table-sm small mb-0"><tbody>${rows}</tbody></table>`,
				__("Response Times")
			);
		});
}

frappe.provide("ambon112");

// Recommended units with their reasons; the dispatcher ticks some, may add others by hand,
// and sends them all in one transaction.
ambon112.DispatchDialog = class DispatchDialog {
	constructor(frm) {
		this.frm = frm;
		this.dialog = new frappe.ui.Dialog({
			title: __("Dispatch Units to {0}", [ambon112.esc(frm.doc.name)]),
			size: "large",
			fields: [
				{ fieldname: "recommendations", fieldtype: "HTML" },
				{
					fieldname: "other_units",
					fieldtype: "MultiSelectPills",
					label: __("Other Available Units"),
					get_data: (txt) =>
						frappe.db.get_link_options("Emergency Unit", txt, {
							status: "Available",
							is_active: 1,
						}),
				},
				{
					fieldname: "agencies",
					fieldtype: "MultiSelectPills",
					label: __("Agencies (they choose the unit)"),
					get_data: (txt) => frappe.db.get_link_options("Agency", txt, { is_active: 1 }),
				},
				{ fieldname: "instructions", fieldtype: "Small Text", label: __("Instructions") },
			],
			primary_action_label: __("Dispatch"),
			primary_action: () => this.dispatch(),
		});
		this.$list = this.dialog.fields_dict.recommendations.$wrapper;
	}

	show() {
		this.dialog.show();
		this.load();
	}

	load() {
		this.$list.html(`<div class="text-muted">${__("Loading recommendations…")}</div>`);
		return frappe
			.xcall("ambon_112.api.dispatch.recommend", { incident: this.frm.doc.name })
			.then((data) => this.render(data));
	}

	render(data) {
		if (!data.units.length) {
			const none = __("No available unit fits this incident.");
			this.$list.html(`<div class="text-muted">${none}</div>`);
			return;
		}
		const asked = [...data.agency_types, ...data.capabilities].map((v) => __(v)).join(", ");
		const head = [__("Unit"), __("Agency"), __("ETA"), __("Why")].map((h) => `<th>${h}</th>`);
		this.$list.html(`
			<div class="text-muted small mb-2">
				${__("Asked for: {0}", [ambon112.esc(asked || __("anything"))])}
			</div>
			<table class="table table-sm">
				<thead><tr><th></th>${head.join("")}</tr></thead>
				<tbody>${data.units.map((unit, i) => this.row(unit, i === 0)).join("")}</tbody>
			</table>`);
	}

	row(u, checked) {
		const esc = ambon112.esc;
		const eta = esc(u.eta_minutes === null ? "–" : __("{0} min", [u.eta_minutes]));
		return `<tr>
			<td><input type="checkbox" class="ambon112-pick" data-unit="${esc(u.unit)}"
				${checked ? "checked" : ""}></td>
			<td><b>${esc(u.unit)}</b><div class="text-muted small">${esc(__(u.unit_type || ""))}</div></td>
			<td>${esc(u.agency)}<div class="text-muted small">${esc(__(u.agency_type || ""))}</div></td>
			<td class="text-nowrap">${eta}</td>
			<td class="small">${u.reasons.map(esc).join("<br>")}</td>
		</tr>`;
	}

	dispatch() {
		const picked = this.$list
			.find(".ambon112-pick:checked")
			.map((_, el) => $(el).attr("data-unit"))
			.get();
		const values = this.dialog.get_values();
		const units = [...new Set([...picked, ...(values.other_units || [])])];
		const agencies = values.agencies || [];
		if (!units.length && !agencies.length) {
			frappe.msgprint(__("Choose at least one unit or agency to dispatch."));
			return;
		}
		this.dialog.disable_primary_action();
		frappe
			.xcall("ambon_112.api.dispatch.dispatch_units", {
				incident: this.frm.doc.name,
				units,
				agencies,
				instructions: values.instructions,
			})
			.then((result) => {
				this.dialog.hide();
				frappe.show_alert({
					message: __("Dispatched: {0}", [
						ambon112.esc(result.dispatches.map((d) => d.unit || d.agency).join(", ")),
					]),
					indicator: "green",
				});
				this.frm.reload_doc();
			})
			.catch(() => this.load()) // e.g. another dispatcher just took a unit: show what is left
			.finally(() => this.dialog.enable_primary_action());
	}
};
