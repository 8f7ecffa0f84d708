// Preloaded into Frappe's socket.io server (`node -r ... apps/frappe/socketio.js`, see
// sites/Procfile.template). Frappe's server listens on a bare port, i.e. on every interface
// (realtime/index.js: io.listen(port)); behind the front it must answer only on this machine,
// or anyone who reaches the port could choose the address its session check calls back.
"use strict";

const http = require("http");

const listen = http.Server.prototype.listen;
http.Server.prototype.listen = function (port, ...rest) {
	const bare_port = typeof port === "number" || typeof port === "string";
	if (bare_port && (rest.length === 0 || typeof rest[0] === "function")) {
		return listen.call(this, port, "127.0.0.1", ...rest);
	}
	return listen.call(this, port, ...rest);
};
