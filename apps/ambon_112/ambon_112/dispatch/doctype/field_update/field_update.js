// Field Updates are written by the portal's sync and the SMS gateway only; the form is read-only.
frappe.ui.form.on("Field Update", {});
