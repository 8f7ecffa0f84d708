// Preloaded into Frappe's socket.io server (`node -r ... apps/frappe/socketio.js`, see
// sites/Procfile.template). Frappe's server subscribes to Redis without an "error" listener: when
// Redis goes away, node-redis emits "error", Node takes an unheard "error" as fatal, the server
// exits, and the run command (honcho) stops every other process with it, the desk's web server
// included. With a listener node-redis keeps reconnecting by itself (its default back-off, at most
// every 0.5 s), and the server carries events again as soon as Redis is back; meanwhile the desk
// polls for ringing calls (public/js/incoming_call.js).
"use strict";

const Module = require("module");

function listen_for_errors(client) {
	let down = false;
	client.on("error", (error) => {
		if (!down) console.error(`Redis unreachable, reconnecting: ${error.message}`);
		down = true;
	});
	client.on("ready", () => {
		if (down) console.log("Redis reachable again");
		down = false;
	});
	return client;
}

const load = Module._load;
Module._load = function (request, ...rest) {
	const exported = load.call(this, request, ...rest);
	if (request === "@redis/client" && !exported.ambon112_errors_heard) {
		const create = exported.createClient;
		exported.createClient = (...args) => listen_for_errors(create(...args));
		exported.ambon112_errors_heard = true;
	}
	return exported;
};
