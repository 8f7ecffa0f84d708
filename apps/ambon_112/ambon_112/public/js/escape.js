// The one escaping helper of ambon_112's pages, the desk's and the agency portal's: any value (0
// included, which frappe.utils.escape_html turns into "") as text safe inside HTML and quoted
// attributes. Every value that did not come from this code goes through it before meeting HTML:
// template strings, dialog titles, alerts, msgprint, indicators, formatters, map tooltips.
// The agency portal's pages load no Frappe bundle (public/js/agency_runtime.js): there the same
// characters are replaced here.
frappe.provide("ambon112");

(function () {
	const ENTITIES = {
		"&": "&amp;",
		"<": "&lt;",
		">": "&gt;",
		'"': "&quot;",
		"'": "&#39;",
		"/": "&#x2F;",
		"`": "&#x60;",
		"=": "&#x3D;",
	};
	const own = (text) => text.replace(/[&<>"'`=/]/g, (c) => ENTITIES[c]);
	ambon112.esc = (value) => {
		const text = value == null ? "" : String(value);
		return frappe.utils && frappe.utils.escape_html
			? frappe.utils.escape_html(text)
			: own(text);
	};
})();
