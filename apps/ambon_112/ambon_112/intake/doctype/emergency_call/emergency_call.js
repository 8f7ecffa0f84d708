// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

const INTAKE_API = "ambon_112.api.intake";

frappe.ui.form.on("Emergency Call", {
	setup(frm) {
		frm.set_query("kelurahan", () => ({ filters: { is_group: 0 } }));
		frm.set_query("incident", () => ({
			filters: { status: ["not in", ["Closed", "Cancelled", "Duplicate", "False Alarm"]] },
		}));
	},
	refresh(frm) {
		if (frm.doc.caller_number_invalid) {
			frm.dashboard.set_headline_alert(
				__(
					"The caller number looks malformed. It is kept exactly as received: confirm it with the caller."
				),
				"orange"
			);
		}
		if (frm.doc.outside_ambon) {
			frm.dashboard.add_comment(
				__("The coordinates lie outside Kota Ambon: check the location."),
				"red",
				true
			);
		}
		if (frm.doc.caller_flagged) {
			frm.dashboard.add_comment(
				__("Flagged caller: answer as usual, the call is recorded and may be real."),
				"orange",
				true
			);
		}
		if (frm.is_new()) return;
		ambon112.call_form.show_history(frm);
		if (frm.perm[0].write) ambon112.call_form.add_actions(frm);
	},
	location_pin(frm) {
		// The pin fills the coordinates at once; the server does the same on save.
		const features = JSON.parse(frm.doc.location_pin || "{}").features || [];
		const points = features.filter((f) => f.geometry && f.geometry.type === "Point");
		if (!points.length) return;
		const [lng, lat] = points[points.length - 1].geometry.coordinates;
		frm.set_value({ latitude: lat, longitude: lng, location_source: "Map Pin" });
	},
});

frappe.provide("ambon112.call_form");

ambon112.call_form.add_actions = function (frm) {
	const status = frm.doc.triage_status;
	if (status === "Pending") {
		frm.add_custom_button(__("Start Triage"), () =>
			ambon112.call_form.call(frm, "start_triage")
		);
	}
	if (!frm.doc.incident) {
		frm.add_custom_button(
			__("Emergency"),
			() => ambon112.call_form.emergency(frm),
			__("Classify")
		);
		// The other classes, as the DocType's Classification field lists them.
		const classes = frm.get_field("classification").df.options.split("\n");
		classes
			.filter((cls) => cls && cls !== "Emergency")
			.forEach((cls) =>
				frm.add_custom_button(
					__(cls),
					() =>
						frappe.confirm(
							__("Classify this call as {0}?", [`<b>${ambon112.esc(__(cls))}</b>`]),
							() => ambon112.call_form.call(frm, "classify", { classification: cls })
						),
					__("Classify")
				)
			);
	}
};

ambon112.call_form.call = async function (frm, method, args = {}) {
	if (frm.is_dirty()) await frm.save();
	await frappe.xcall(`${INTAKE_API}.${method}`, { call: frm.doc.name, ...args });
	await frm.reload_doc();
};

ambon112.call_form.show_history = async function (frm) {
	const wrapper = frm.get_field("caller_history_html").$wrapper;
	if (!frm.doc.caller_number_normalized) {
		wrapper.html("");
		return;
	}
	const { history, flags } = await frappe.xcall(`${INTAKE_API}.caller_history`, {
		call: frm.doc.name,
	});
	let watch = null;
	if (flags.caller_watch) {
		watch = await frappe.db.get_value("Caller Watch", flags.caller_watch, [
			"list_type",
			"reason",
			"expires_at",
		]);
		watch = watch.message;
	}
	wrapper.html(
		ambon112.incoming.flags_html({
			watch,
			recent_nuisance_calls: flags.recent_nuisance_calls,
		}) + ambon112.incoming.history_html(history)
	);
};

// Emergency: choose the type, see open incidents nearby, then link to one or triage a new one.
ambon112.call_form.emergency = function (frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Emergency"),
		size: "large",
		fields: [
			{
				fieldtype: "Link",
				fieldname: "incident_type",
				label: __("Incident Type"),
				options: "Incident Type",
				reqd: 1,
				get_query: () => ({ filters: { is_active: 1, is_group: 0 } }),
				onchange: () => ambon112.call_form.show_duplicates(frm, dialog),
			},
			{ fieldtype: "Data", fieldname: "title", label: __("Title (optional)") },
			{ fieldtype: "Small Text", fieldname: "description", label: __("Situation Notes") },
			{ fieldtype: "HTML", fieldname: "duplicates" },
		],
		primary_action_label: __("Triage and Create Incident"),
		primary_action: async (values) => {
			dialog.hide();
			const { answers } = await ambon112.triage.ask(values.incident_type);
			if (frm.is_dirty()) await frm.save();
			const result = await frappe.xcall(`${INTAKE_API}.create_incident`, {
				call: frm.doc.name,
				incident_type: values.incident_type,
				title: values.title,
				description: values.description,
				answers,
			});
			frappe.show_alert({
				message: __("Incident {0} created with priority {1}", [
					ambon112.esc(result.incident),
					ambon112.esc(result.priority),
				]),
				indicator: "green",
			});
			await frm.reload_doc();
		},
	});
	dialog.show();
	ambon112.call_form.show_duplicates(frm, dialog);
};

ambon112.call_form.show_duplicates = async function (frm, dialog) {
	const wrapper = dialog.fields_dict.duplicates.$wrapper;
	const incident_type = dialog.get_value("incident_type");
	const matches = await frappe.xcall(`${INTAKE_API}.duplicate_candidates`, {
		call: frm.doc.name,
		incident_type,
	});
	if (!matches.length) {
		wrapper.html(`<p class="text-muted">${__("No open incident of this kind nearby.")}</p>`);
		return;
	}
	const esc = ambon112.esc;
	const rows = matches
		.map(
			(m) => `<tr>
				<td><a href="/app/incident/${encodeURIComponent(m.name)}" target="_blank">${esc(m.title)}</a>
					<div class="text-muted small">${esc(__(m.incident_type))} · ${esc(__(m.status))} · ${esc(
				m.priority
			)}</div></td>
				<td>${esc(
					m.distance_m === null
						? __("same kelurahan")
						: __("{0} m", [Math.round(m.distance_m)])
				)}</td>
				<td>${esc(__("{0} min ago", [Math.round(m.minutes_ago)]))}</td>
				<td><button class="btn btn-xs btn-primary" data-incident="${esc(m.name)}">${__(
				"Link Call"
			)}</button></td>
			</tr>`
		)
		.join("");
	wrapper.html(
		`<div class="alert alert-warning">${__(
			"Open incidents nearby: is this call about one of them?"
		)}</div><table class="table table-sm">${rows}</table>`
	);
	wrapper.find("button[data-incident]").on("click", async (e) => {
		dialog.hide();
		if (frm.is_dirty()) await frm.save();
		await frappe.xcall(`${INTAKE_API}.link_incident`, {
			call: frm.doc.name,
			incident: $(e.currentTarget).attr("data-incident"),
		});
		await frm.reload_doc();
	});
};
