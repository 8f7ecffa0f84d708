// The LATIHAN (exercise) banner: a drill's call, incident or dispatch must never pass for a real one.
(() => {
	const banner = {
		refresh(frm) {
			if (frm.doc.is_exercise) {
				frm.set_intro(
					`<b>${__("LATIHAN")}</b> — ${__(
						"This record was created by a training drill. It is not a real emergency and never counts in the KPIs."
					)}`,
					"orange"
				);
			}
		},
	};
	for (const doctype of ["Emergency Call", "Incident", "Dispatch"]) {
		frappe.ui.form.on(doctype, banner);
	}
	// A drill call has no PBX behind it: the trainee picks it up here, which posts the "answered"
	// event the PBX would (ambon_112.api.training.answer_call).
	frappe.ui.form.on("Emergency Call", {
		refresh(frm) {
			if (!frm.doc.is_exercise || frm.doc.call_state !== "Ringing") return;
			frm.add_custom_button(__("Answer Drill Call"), async () => {
				await frappe.xcall("ambon_112.api.training.answer_call", { call: frm.doc.name });
				await frm.reload_doc();
			}).addClass("btn-primary ambon112-answer-drill");
		},
	});
})();
