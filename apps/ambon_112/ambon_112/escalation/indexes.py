"""Indexes the sweep's queries need on the tables it reads (besides each DocType's own)."""

import frappe

# Answered calls still waiting for a classification: without the pair, the classification index
# alone would also walk every missed call of the past that nobody ever classified.
SWEEP_INDEXES = {"Emergency Call": [("classification", "call_state")]}


def ensure_sweep_indexes():
	for doctype, indexes in SWEEP_INDEXES.items():
		if not frappe.db.table_exists(doctype):
			continue
		for columns in indexes:
			frappe.db.add_index(doctype, list(columns))
