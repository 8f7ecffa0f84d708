// The front of the production-like run (sites/Procfile.template): the one address browsers use.
// It does what Frappe's nginx configuration does in production (bench setup nginx), and nothing
// more: /socket.io/ goes to Frappe's socket.io server, everything else to gunicorn, each told the
// real client address. Written here because the local run has no nginx (it needs root and a
// system service); it only forwards, it serves nothing itself.
//
//   node front.js --bind ADDRESS --port PORT --web PORT --socketio PORT [--site NAME]
"use strict";

const http = require("http");
const net = require("net");

const LOOPBACK = "127.0.0.1";
// Hop-by-hop headers belong to one connection and are never forwarded (RFC 9110, 7.6.1).
const HOP_BY_HOP = ["connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade"];
// As bench's nginx configuration adds them to every answer.
const SECURITY_HEADERS = { "x-frame-options": "SAMEORIGIN", "x-content-type-options": "nosniff" };

function parse_args(argv) {
	const opts = {};
	for (let i = 0; i < argv.length; i += 2) {
		if (!argv[i].startsWith("--") || argv[i + 1] === undefined) {
			throw new Error(`front.js: unexpected argument ${argv[i]}`);
		}
		opts[argv[i].slice(2)] = argv[i + 1];
	}
	for (const required of ["bind", "port", "web", "socketio"]) {
		if (!opts[required]) throw new Error(`front.js: --${required} is required`);
	}
	return opts;
}

const opts = parse_args(process.argv.slice(2));
const agent = new http.Agent({ keepAlive: true });

function is_socketio(url) {
	return url === "/socket.io" || url.startsWith("/socket.io/");
}

function peer(req) {
	const address = req.socket.remoteAddress || "";
	return address.startsWith("::ffff:") ? address.slice(7) : address;
}

function hostname(value) {
	if (!value) return undefined;
	try {
		return new URL(value.includes("://") ? value : `http://${value}`).hostname;
	} catch {
		return undefined;
	}
}

// Frappe's socket server refuses a page whose Origin is not the host it asked (a page of another
// site must not use the user's cookie); the front checks it here, because it rewrites both below.
// Browsers send Origin with every cross-origin request and WebSocket, but not with a same-origin
// GET (socket.io's long polling), which nginx lets through by writing Origin from Host.
function same_origin(req) {
	if (req.headers.origin === undefined) return true;
	const origin = hostname(req.headers.origin);
	return origin !== undefined && origin === hostname(req.headers.host);
}

function upstream_headers(req, socketio, keep_upgrade = false) {
	const headers = { ...req.headers };
	if (!keep_upgrade) HOP_BY_HOP.forEach((name) => delete headers[name]);
	// Frappe takes the client's address from X-Forwarded-For: the front writes the real peer and
	// never passes on what the client claimed (bench's nginx: X-Forwarded-For $remote_addr).
	headers["x-forwarded-for"] = peer(req);
	headers["x-forwarded-proto"] = "http";
	if (socketio) {
		// The socket server checks a session by calling the page's Origin back with it. Pointing
		// Origin and Host at gunicorn means no client-chosen address ever receives that call.
		headers.origin = `http://${LOOPBACK}:${opts.web}`;
		headers.host = `${LOOPBACK}:${opts.web}`;
		delete headers["x-frappe-site-name"];
		if (opts.site) headers["x-frappe-site-name"] = opts.site;
	}
	return headers;
}

function refuse(res, status) {
	res.writeHead(status, { "content-type": "text/plain; charset=utf-8", ...SECURITY_HEADERS });
	res.end(`${http.STATUS_CODES[status]}\n`);
}

function forward(req, res) {
	const socketio = is_socketio(req.url);
	if (socketio && !same_origin(req)) return refuse(res, 403);
	const upstream = http.request(
		{
			host: LOOPBACK,
			port: socketio ? opts.socketio : opts.web,
			method: req.method,
			path: req.url,
			headers: upstream_headers(req, socketio),
			agent,
		},
		(answer) => {
			const headers = { ...SECURITY_HEADERS, ...answer.headers };
			HOP_BY_HOP.forEach((name) => delete headers[name]);
			res.writeHead(answer.statusCode, answer.statusMessage, headers);
			answer.pipe(res);
		}
	);
	upstream.on("error", () => (res.headersSent ? res.destroy() : refuse(res, 502)));
	// A client that goes away mid-answer (a long poll, a phone losing signal) frees its upstream.
	res.on("close", () => res.writableFinished || upstream.destroy());
	req.on("error", () => upstream.destroy());
	req.pipe(upstream);
}

// A WebSocket: after the handshake the front only copies bytes both ways.
function tunnel(req, client, head) {
	if (!is_socketio(req.url) || !same_origin(req)) {
		client.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
		return;
	}
	const upstream = net.connect(opts.socketio, LOOPBACK, () => {
		const lines = [`${req.method} ${req.url} HTTP/1.1`];
		for (const [name, value] of Object.entries(upstream_headers(req, true, true))) {
			for (const one of [].concat(value)) lines.push(`${name}: ${one}`);
		}
		upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
		if (head && head.length) upstream.write(head);
		upstream.pipe(client);
		client.pipe(upstream);
	});
	const close = () => {
		upstream.destroy();
		client.destroy();
	};
	upstream.on("error", close);
	upstream.on("close", close);
	client.on("error", close);
	client.on("close", close);
}

const server = http.createServer(forward);
// Idle keep-alive connections are kept as long as bench's nginx keeps them (keepalive_timeout 15):
// Node's 5 s closed them under clients about to reuse them, who then saw a reset connection.
server.keepAliveTimeout = 15000;
server.headersTimeout = 16000;
server.on("upgrade", tunnel);
server.listen(Number(opts.port), opts.bind, () =>
	console.log(`ambon_112 front listening on ${opts.bind}:${opts.port}`)
);
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => process.exit(0));
