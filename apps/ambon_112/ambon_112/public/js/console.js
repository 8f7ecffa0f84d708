// Copyright (c) 2026, Diskominfosandi Kota Ambon and contributors
// For license information, please see license.txt

// The console badge in the navbar (sign on at the rostered position in one click, sign off) and the
// heartbeat: every HEARTBEAT_SECONDS while this page is open, the server keeps the console live
// (operations/console.py). A console whose heartbeat stops is lost after 45 s, and incoming-call
// pop-ups go to live consoles only. Every value is escaped before it meets HTML.
frappe.provide("ambon112.console");

ambon112.console = {
	URL: "/api/method/ambon_112.api.operations.heartbeat",
	state: null,
	timer: null,

	async start() {
		if (!frappe.user.has_role(["112 Operator", "112 Supervisor"])) return;
		await this.refresh();
		frappe.realtime.on("ambon112_console_notice", (data) => {
			frappe.show_alert({ message: ambon112.esc(data.message), indicator: "orange" }, 15);
			this.refresh();
		});
	},

	async refresh() {
		// fetch, not frappe.call: a server that cannot answer now must not open an error dialog.
		try {
			const response = await fetch("/api/method/ambon_112.api.operations.my_console", {
				headers: { Accept: "application/json" },
			});
			if (!response.ok) return;
			this.state = (await response.json()).message;
		} catch (e) {
			return;
		}
		this.render();
		clearInterval(this.timer);
		if (this.state.signed_on) {
			this.beat();
			this.timer = setInterval(() => this.beat(), this.state.heartbeat_seconds * 1000);
		}
	},

	async beat() {
		try {
			// fetch, not frappe.call: a missed beat must not open an error dialog.
			const response = await fetch(this.URL, {
				method: "POST",
				headers: { Accept: "application/json", "X-Frappe-CSRF-Token": frappe.csrf_token },
			});
			if (response.ok) {
				const { message } = await response.json();
				if (!message.signed_on && this.state.signed_on) this.refresh();
			}
		} catch (e) {
			// the server is unreachable: the next beat tries again
		}
	},

	render() {
		const esc = ambon112.esc;
		// Its own class, and only in the navbar: the call console page is not the badge.
		$(".navbar .ambon112-console-badge").remove();
		const s = this.state;
		let html;
		if (s.signed_on) {
			html = `<span class="indicator-pill green">${esc(
				__("On console {0}", [s.position])
			)}</span>
				<button class="btn btn-xs btn-default ml-2 ambon112-sign-off">${__("Sign Off")}</button>`;
		} else {
			const label = s.rostered_position
				? __("Sign On at {0}", [s.rostered_position])
				: __("Sign On");
			html = `<button class="btn btn-xs btn-primary ambon112-sign-on">${esc(
				label
			)}</button>`;
		}
		const $item = $(
			`<li class="nav-item ambon112-console-badge d-flex align-items-center mr-2">${html}</li>`
		);
		$(".navbar .navbar-nav").last().prepend($item);
		$item.find(".ambon112-sign-on").on("click", () => this.sign_on());
		$item.find(".ambon112-sign-off").on("click", () => this.sign_off());
	},

	async sign_on() {
		let position = this.state.rostered_position;
		if (!position) {
			const values = await new Promise((resolve) =>
				frappe.prompt(
					[
						{
							fieldtype: "Link",
							options: "Operator Position",
							fieldname: "position",
							label: __("Console Position"),
							reqd: 1,
						},
					],
					resolve,
					__("Sign On")
				)
			);
			position = values.position;
		}
		await frappe.xcall("ambon_112.api.intake.start_duty", { position });
		await this.refresh();
	},

	async sign_off() {
		await frappe.xcall("ambon_112.api.intake.end_duty");
		await this.refresh();
	},
};

$(document).on("app_ready", () => ambon112.console.start());
