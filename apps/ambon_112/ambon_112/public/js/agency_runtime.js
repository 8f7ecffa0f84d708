// The few pieces of Frappe's website runtime the agency portal uses, without its 800 KB bundle:
// frappe.ready, frappe.provide, __ (the page hands over its strings already translated), frappe.call,
// alerts, and frappe.realtime on Frappe's own socket.io server, loaded once the page is usable.
(function () {
	const frappe = window.frappe;

	frappe.provide = (path) => {
		let scope = window;
		path.split(".").forEach((part) => (scope = scope[part] = scope[part] || {}));
		return scope;
	};

	window.__ = (text, args) => {
		let message = (frappe._messages && frappe._messages[text]) || text;
		(args || []).forEach((value, i) => (message = message.split("{" + i + "}").join(value)));
		return message;
	};

	function reply(response) {
		return response
			.json()
			.catch(() => ({}))
			.then((data) => {
				if (!response.ok) {
					const error = new Error((data && data.exception) || String(response.status));
					error.status = response.status;
					throw error;
				}
				return data;
			});
	}

	frappe.call = (opts) => {
		const url = "/api/method/" + opts.method;
		const args = opts.args || {};
		const headers = {
			Accept: "application/json",
			"X-Frappe-CSRF-Token": frappe.csrf_token || "",
		};
		if ((opts.type || "GET").toUpperCase() === "GET") {
			return fetch(url + "?" + new URLSearchParams(args), {
				credentials: "same-origin",
				headers,
			}).then(reply);
		}
		return fetch(url, {
			method: "POST",
			credentials: "same-origin",
			headers,
			body: new URLSearchParams(args),
		}).then(reply);
	};

	function toast(text, kind) {
		const box = document.createElement("div");
		box.className = "ag-toast ag-toast-" + (kind || "info");
		box.setAttribute("role", "status");
		box.textContent = text;
		document.body.appendChild(box);
		setTimeout(() => box.remove(), 4000);
	}
	frappe.show_alert = (opts) =>
		toast(typeof opts === "string" ? opts : opts.message, opts && opts.indicator);
	frappe.msgprint = (message) =>
		toast(typeof message === "string" ? message : message.message, "red");

	// A socket facade the page may listen on at once; the real socket.io client comes after the page.
	const listeners = [];
	let real = null;
	const socket = {
		on(event, fn) {
			listeners.push([event, fn]);
			if (real) real.on(event, fn);
		},
		emit(...args) {
			if (real) real.emit(...args);
		},
		connect() {
			if (real) real.connect();
		},
		disconnect() {
			if (real) real.disconnect();
		},
		get connected() {
			return !!(real && real.connected);
		},
	};
	frappe.realtime = { socket, on: (event, fn) => socket.on(event, fn) };

	function connect_realtime() {
		if (!navigator.onLine)
			return listeners.filter(([e]) => e === "connect_error").forEach(([, fn]) => fn());
		const script = document.createElement("script");
		script.src = "/assets/frappe/node_modules/socket.io-client/dist/socket.io.min.js";
		script.onload = () => {
			real = window.io(location.origin + "/" + frappe.boot.sitename, {
				withCredentials: true,
				reconnectionAttempts: 3,
			});
			listeners.forEach(([event, fn]) => real.on(event, fn));
		};
		script.onerror = () =>
			listeners.filter(([e]) => e === "connect_error").forEach(([, fn]) => fn());
		document.head.appendChild(script);
	}

	frappe.start = () => {
		frappe.boot.sitename = document.body.dataset.site;
		frappe.boot.lang = document.body.dataset.lang;
		frappe.ready_events.forEach((fn) => fn());
		frappe.ready_events = [];
		frappe.ready = (fn) => fn();
		if (document.readyState === "complete") connect_realtime();
		else window.addEventListener("load", connect_realtime);
	};
})();
