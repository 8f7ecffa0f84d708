"""The minute's work of operations (hooks: scheduler_events cron "* * * * *"): consoles, then the
running shift's handover and staffing. The escalation sweep of the same minute (or the next) fires
what these leave unattended."""

from frappe.utils import get_datetime, now_datetime

from ambon_112.operations import console, handover


def run(now=None):
	now = get_datetime(now) if now else now_datetime()
	console.sweep(now)
	handover.ensure_current(now)
