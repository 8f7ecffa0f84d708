// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// Triage on the incident form: the questions of its type, answered in a dialog or in the table.
frappe.ui.form.on("Incident", {
	setup(frm) {
		frm.set_query("question", "triage_answers", () => ({
			filters: { is_active: 1 },
		}));
	},
	refresh(frm) {
		if (frm.is_new() || !frm.doc.incident_type || !frm.perm[0].write) return;
		frm.add_custom_button(__("Triage"), async () => {
			const previous = {};
			(frm.doc.triage_answers || []).forEach((row) => (previous[row.question] = row.answer));
			const { answers } = await ambon112.triage.ask(frm.doc.incident_type, previous);
			if (!Object.keys(answers).length) return;
			frm.clear_table("triage_answers");
			Object.entries(answers).forEach(([question, answer]) =>
				frm.add_child("triage_answers", { question, answer })
			);
			await frm.save();
		});
	},
});
