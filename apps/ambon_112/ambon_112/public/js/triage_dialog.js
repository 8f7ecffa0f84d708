// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// Walks the operator through the admin's triage questions of an incident type, showing the
// priority the answers give as they are typed. Used by the call form and the incident form.
frappe.provide("ambon112.triage");

ambon112.triage.ask = async function (incident_type, previous = {}) {
	const questions = await frappe.xcall("ambon_112.api.intake.triage_questions", {
		incident_type,
	});
	if (!questions.length) return { answers: {} };
	return new Promise((resolve) => {
		const fields = questions.map((q) => ambon112.triage.field(q, previous[q.name]));
		fields.push({ fieldtype: "HTML", fieldname: "preview" });
		const dialog = new frappe.ui.Dialog({
			title: __("Triage: {0}", [ambon112.esc(__(incident_type))]),
			fields,
			size: "large",
			primary_action_label: __("Done"),
			primary_action: (values) => {
				dialog.hide();
				resolve({ answers: ambon112.triage.answers(questions, values) });
			},
			secondary_action_label: __("Skip"),
			secondary_action: () => {
				dialog.hide();
				resolve({ answers: {} });
			},
		});
		const refresh = frappe.utils.debounce(async () => {
			const answers = ambon112.triage.answers(questions, dialog.get_values(true));
			try {
				const preview = await frappe.xcall("ambon_112.api.intake.triage_preview", {
					incident_type,
					answers,
				});
				dialog.fields_dict.preview.$wrapper.html(ambon112.triage.preview_html(preview));
			} catch (e) {
				dialog.fields_dict.preview.$wrapper.html("");
			}
		}, 300);
		questions.forEach((q) => (dialog.fields_dict[q.name].df.onchange = refresh));
		dialog.show();
		refresh();
	});
};

// Labels, descriptions and option labels are put into the dialog as HTML: the admin's words are escaped.
ambon112.triage.field = function (q, value) {
	const esc = ambon112.esc;
	const base = {
		fieldname: q.name,
		label: esc(q.question),
		description: esc(q.help_text),
		default: value,
	};
	if (q.answer_type === "Yes/No")
		return { ...base, fieldtype: "Select", options: ["", "Yes", "No"] };
	if (q.answer_type === "Choice")
		return {
			...base,
			fieldtype: "Select",
			options: ["", ...q.choices.map((choice) => ({ value: choice, label: esc(choice) }))],
		};
	return { ...base, fieldtype: "Data" }; // a number; empty means "not asked"
};

ambon112.triage.answers = function (questions, values) {
	const answers = {};
	questions.forEach((q) => {
		const value = values[q.name];
		if (value !== undefined && value !== null && String(value).trim() !== "")
			answers[q.name] = value;
	});
	return answers;
};

ambon112.triage.preview_html = function (preview) {
	const esc = ambon112.esc;
	const reasons = preview.reasons.map((r) => `<li>${esc(r)}</li>`).join("");
	const agencies = preview.agency_types.map((a) => __(a)).join(", ");
	return `<div class="alert alert-info">
		<b>${__("Priority")}: ${esc(preview.priority)}</b> (${__("default {0}", [
		esc(preview.base_priority),
	])})
		${agencies ? `<br>${__("Agency types")}: ${esc(agencies)}` : ""}
		${reasons ? `<ul class="mb-0">${reasons}</ul>` : ""}
	</div>`;
};
