"""Who may read what, where Frappe's own permission layer leaves a gap (see each module)."""
