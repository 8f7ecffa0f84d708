from frappe import _


def get_data():
	return {"fieldname": "unit", "transactions": [{"label": _("Response"), "items": ["Dispatch"]}]}
