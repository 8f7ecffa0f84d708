"""Continuity's hooks and documents: backups and drills scheduled through Frappe's scheduler."""

from .conftest import load_doctypes
from .test_hooks import HOOKS

DOCTYPES = load_doctypes()


def test_backups_are_checked_hourly_and_the_drill_runs_monthly_on_the_long_queue():
	assert "ambon_112.continuity.backups.run" in HOOKS["scheduler_events"]["cron"]["0 * * * *"]
	assert HOOKS["scheduler_events"]["monthly_long"] == ["ambon_112.continuity.drill.scheduled_drill"]


def test_restore_drills_are_read_only_for_everyone_and_readable_by_administrators_only():
	meta = DOCTYPES["Restore Drill"]
	assert {p["role"] for p in meta["permissions"] if p.get("read")} == {
		"System Manager",
		"112 Administrator",
	}
	assert not [p for p in meta["permissions"] if p.get("write") or p.get("create") or p.get("delete")]
	assert all(
		f.get("read_only") for f in meta["fields"] if f["fieldtype"] not in ("Section Break", "Column Break")
	)
