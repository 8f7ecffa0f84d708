"""Small caches of what every call event reads: cleared on change, and on rollback of a change."""

import frappe


def cached(key: str, load, seconds: int = 300):
	value = frappe.cache.get_value(key, expires=True)
	if value is None:
		value = load()
		frappe.cache.set_value(key, value, expires_in_sec=seconds)
	return value


def clear(key: str):
	frappe.cache.delete_value(key)
	# A change that is rolled back must not survive in a cache filled from it either.
	frappe.db.after_rollback.add(lambda: frappe.cache.delete_value(key))
