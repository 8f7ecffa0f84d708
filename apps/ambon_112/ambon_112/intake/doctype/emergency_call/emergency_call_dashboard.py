from frappe import _


def get_data():
	# What the PBX sent for this call, event by event (intake/pbx_log.py).
	return {
		"fieldname": "reference_docname",
		"dynamic_links": {"reference_docname": ["Emergency Call", "reference_doctype"]},
		"transactions": [{"label": _("PBX Events"), "items": ["Integration Request"]}],
	}
