// The escalation alert: each sweep sends each notified user one realtime message in their own
// room, listing every escalation that fired for them ({alerts: [...]}; an earthquake minute fires
// hundreds). It stays on screen until acknowledged or dismissed: at 03:00 a toast that fades is
// missed.
frappe.provide("ambon112.escalation");

ambon112.escalation.pending = {};
ambon112.escalation.SHOWN = 20; // the rest are counted, with a link to the open escalations

ambon112.escalation.acknowledge = function (log) {
	return frappe
		.call({ method: "ambon_112.api.escalation.acknowledge", args: { log }, freeze: true })
		.then((r) => {
			const result = r.message || {};
			frappe.show_alert({
				message: result.already
					? __("Already acknowledged by {0}", [ambon112.esc(result.acknowledged_by)])
					: __("Escalation acknowledged"),
				indicator: "green",
			});
			ambon112.escalation.forget([log, ...(result.logs || [])]);
			return result;
		});
};

ambon112.escalation.forget = function (logs) {
	logs.forEach((log) => delete ambon112.escalation.pending[log]);
	ambon112.escalation.render();
};

ambon112.escalation.dialog = function () {
	if (!ambon112.escalation._dialog) {
		ambon112.escalation._dialog = new frappe.ui.Dialog({
			title: __("Escalation"),
			indicator: "red",
			fields: [{ fieldtype: "HTML", fieldname: "alerts" }],
		});
	}
	return ambon112.escalation._dialog;
};

ambon112.escalation.render = function () {
	const dialog = ambon112.escalation.dialog();
	const esc = ambon112.esc;
	const alerts = Object.values(ambon112.escalation.pending);
	if (!alerts.length) {
		dialog.hide();
		return;
	}
	const $wrapper = dialog.fields_dict.alerts.$wrapper.empty();
	alerts.slice(0, ambon112.escalation.SHOWN).forEach((alert) => {
		const $row = $(`<div class="escalation-alert" style="margin-bottom: var(--margin-md)">
			<p class="text-danger">${esc(alert.subject)}</p>
			<div class="btn-group"></div>
		</div>`).appendTo($wrapper);
		const $buttons = $row.find(".btn-group");
		if (alert.can_acknowledge) {
			$(`<button class="btn btn-primary btn-sm">${__("Acknowledge")}</button>`)
				.on("click", () => ambon112.escalation.acknowledge(alert.log))
				.appendTo($buttons);
		}
		$(
			`<button class="btn btn-default btn-sm">${__("View {0}", [
				esc(__(alert.reference_doctype)),
			])}</button>`
		)
			.on("click", () => {
				dialog.hide();
				frappe.set_route("Form", alert.reference_doctype, alert.reference_name);
			})
			.appendTo($buttons);
	});
	const more = alerts.length - ambon112.escalation.SHOWN;
	if (more > 0) {
		$(`<p><a>${__("{0} more escalations: open the list", [esc(more)])}</a></p>`)
			.on("click", "a", () => {
				dialog.hide();
				frappe.set_route("List", "Escalation Log", { status: "Open" });
			})
			.appendTo($wrapper);
	}
	dialog.show();
};

$(document).on("app_ready", () => {
	frappe.realtime.on("ambon112_escalation", (data) => {
		(data.alerts || []).forEach((alert) => {
			ambon112.escalation.pending[alert.log] = alert;
		});
		frappe.utils.play_sound("alert");
		ambon112.escalation.render();
	});
	frappe.realtime.on("ambon112_escalation_acknowledged", (data) => {
		ambon112.escalation.forget(data.logs || []);
	});
});
