"""Records seeded once per key: a migrate never overwrites an admin's edit nor brings back a record
an admin deleted, and a later release may add a record under a new key.

The keys seeded on a site are remembered in a site default (``mark``), outside the app's tables;
``forget`` clears it on uninstall, so that a new install seeds again.
"""

import json

import frappe


def seed_once(mark: str, records: dict[str, tuple[str, dict]], ignore_links: bool = False) -> list[str]:
	"""Insert each ``records`` key's document (name, doc) never seeded before on this site, unless a
	record of that name exists; returns the keys inserted. ``ignore_links`` for documents that link to
	reference data loaded after the install, under the very names they use."""
	before = seeded_keys(mark)
	seeded, created = set(before), []
	for key, (name, doc) in records.items():
		if key in seeded:
			continue
		if not frappe.db.exists(doc["doctype"], name):
			record = frappe.get_doc(doc)
			record.flags.ignore_links = ignore_links
			record.insert(ignore_permissions=True)
			created.append(key)
		seeded.add(key)
	if seeded != before:
		frappe.db.set_default(mark, json.dumps(sorted(seeded)))
	return created


def forget(mark: str):
	"""On uninstall: the records go with the app's tables, so a later install seeds them again."""
	frappe.defaults.clear_default(mark, parent="__default")


def seeded_keys(mark: str) -> set[str]:
	# Straight from the database: a cached default could outlive a rolled-back transaction.
	value = frappe.db.get_value("DefaultValue", {"parent": "__default", "defkey": mark}, "defvalue")
	return set(json.loads(value or "[]"))
