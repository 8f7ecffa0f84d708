"""The choices of the reports' Select filters, as the Python that checks them defines them.

Sent to the desk once per session (``boot_session``), so a report script takes its options from
``frappe.boot.ambon112_report_choices`` (public/js/report_filters.js) instead of a copy of its own.
Labels are the values translated in the user's language.
"""

import frappe
from frappe import _

from ambon_112.command_centre.report.call_answer_time import call_answer_time
from ambon_112.command_centre.report.call_classes import call_classes
from ambon_112.command_centre.report.call_processing_time import call_processing_time
from ambon_112.command_centre.report.escalations import escalations
from ambon_112.command_centre.report_filters import PRIORITIES
from ambon_112.core.buckets import INTERVALS

BOOT_KEY = "ambon112_report_choices"


def boot_session(bootinfo):
	if frappe.session.user != "Guest":
		bootinfo[BOOT_KEY] = choices()


def choices() -> dict:
	channels = frappe.get_meta("Emergency Call").get_field("channel").options.split("\n")
	return {
		"filters": {
			"priority": options(PRIORITIES, blank=""),
			"channel": options((c for c in channels if c), blank=_("All Channels")),
		},
		"reports": {
			"Call Answer Time": {"group_by": options(call_answer_time.GROUPINGS)},
			"Call Processing Time": {"group_by": options(call_processing_time.GROUPINGS)},
			"Call Classes": {"interval": options(INTERVALS)},
			"Escalations": {"applies_to": options(escalations.APPLIES_TO, blank=_("All"))},
		},
	}


def options(values, blank: str | None = None) -> dict:
	"""A Select filter's options ({value, label}) and default: the first value, or none when the
	filter may be left blank (then ``blank`` labels the empty option)."""
	values = list(values)
	listed = [{"value": value, "label": _(value)} for value in values]
	if blank is None:
		return {"options": listed, "default": values[0]}
	return {"options": [{"value": "", "label": blank}, *listed], "default": ""}
