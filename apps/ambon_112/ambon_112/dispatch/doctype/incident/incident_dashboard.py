from frappe import _


def get_data():
	return {
		"fieldname": "incident",
		"transactions": [
			{"label": _("Reported By"), "items": ["Emergency Call"]},
			{"label": _("Response"), "items": ["Dispatch"]},
		],
	}
