"""Backups and the restore drill on the real test site: Frappe's backup with files on the setting's
interval, a real backup restored into a scratch site by the bench command and found whole, a
tampered backup found out, and the escalation when the last good drill is too old."""

import gzip
import os
import shutil
from datetime import timedelta

import frappe
import pytest
from frappe.utils import get_datetime, now_datetime

from ambon_112.continuity import backups
from ambon_112.continuity.drill import find_latest_backup, record_drill, run_drill
from ambon_112.core.continuity import BackupSet, scratch_site_name
from ambon_112.escalation.defaults import DEFAULT_POLICIES
from ambon_112.escalation.sweep import sweep
from ambon_112.tests.utils import (
	deactivate_escalation_policies,
	frozen_at,
	make_agency,
	make_call,
	make_dispatch,
	make_incident,
)
from tests.bench import BENCH, TEST_SITE, bench_cmd

pytestmark = pytest.mark.integration


def database_files() -> set[str]:
	from frappe.utils.backups import get_backup_path

	return {n for n in os.listdir(get_backup_path()) if n.endswith("-database.sql.gz")}


@pytest.fixture(scope="module")
def world(site):
	"""A call, an incident, a dispatch and a private file attached to the incident, committed (a backup
	sees only committed rows)."""
	call = make_call()
	incident = make_incident()
	call.db_set("incident", incident.name)
	dispatch = make_dispatch(incident.name, agency=make_agency())
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "laporan.pdf",
			"content": b"%PDF-1.4\n%drill\n",
			"is_private": 1,
			"attached_to_doctype": "Incident",
			"attached_to_name": incident.name,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	return {"call": call.name, "incident": incident.name, "dispatch": dispatch.name, "file": file.name}


def test_backups_with_files_are_taken_once_per_interval(world):
	frappe.db.set_single_value("Ambon 112 Settings", "backup_interval_hours", 6)
	frappe.clear_document_cache("Ambon 112 Settings", "Ambon 112 Settings")
	first = backups.take_backup(force=True)
	for path in (first.backup_path_db, first.backup_path_files, first.backup_path_private_files):
		assert os.path.isfile(path), path
	# Within the interval Frappe's backup keeps the recent one...
	assert backups.take_backup().backup_path_db == first.backup_path_db
	# ... and once the interval is over (less the half hour of the hourly check) it takes a new one.
	with frozen_at(now_datetime() + timedelta(hours=5, minutes=40)):
		later = backups.take_backup()
	assert later.backup_path_db != first.backup_path_db and os.path.isfile(later.backup_path_files)
	assert os.path.basename(later.backup_path_db) in database_files()
	# Named hours ahead, it would be "the latest backup" of the drills below.
	for path in (
		later.backup_path_db,
		later.backup_path_conf,
		later.backup_path_files,
		later.backup_path_private_files,
	):
		os.remove(path)


def test_the_drill_command_restores_the_latest_backup_and_records_matching_counts(world):
	taken = backups.take_backup(force=True)
	proc = bench_cmd("ambon112-restore-drill", check=False, timeout=1800)
	assert proc.returncode == 0, proc.stdout + proc.stderr
	frappe.db.rollback()  # see what the command committed
	drill = frappe.get_last_doc("Restore Drill")
	assert drill.result == "Passed", (drill.differences, drill.error)
	assert drill.backup_file == os.path.basename(taken.backup_path_db) and drill.with_files
	assert drill.restore_seconds > 0 and drill.latest and drill.last_good_at == drill.finished_at
	tables = {row.doctype_name: row for row in drill.tables}
	assert set(tables) == {"Emergency Call", "Incident", "Dispatch", "Escalation Log", "File"}
	cutoff = drill.backup_taken_at
	for doctype in ("Emergency Call", "Incident", "Dispatch", "File"):
		row = tables[doctype]
		live = frappe.db.count(doctype, {"creation": ("<=", cutoff)})
		assert row.matches and row.source_count == row.restored_count == live > 0, doctype
		assert row.source_checksum == row.restored_checksum
	# The restored files were there, not only their records.
	assert tables["File"].restored_files_on_disk == tables["File"].source_files_on_disk > 0
	# The scratch site is gone (Frappe's drop-site drops its database and user first).
	assert not (BENCH / "sites" / scratch_site_name(TEST_SITE)).exists()


def test_a_tampered_backup_is_recorded_as_failed(world, tmp_path):
	backups.take_backup(force=True)  # one that holds this module's call
	good = find_latest_backup(TEST_SITE)
	# The same backup, with one call removed from what it restores.
	tampered = tmp_path / os.path.basename(good.database)
	with gzip.open(good.database, "rb") as src, gzip.open(tampered, "wb") as dst:
		shutil.copyfileobj(src, dst)
		dst.write(f"\nDELETE FROM `tabEmergency Call` WHERE name = '{world['call']}';\n".encode())
	backup = BackupSet(good.taken_at, str(tampered), good.public_files, good.private_files, good.config)
	name = run_drill(backup)
	drill = frappe.get_doc("Restore Drill", name)
	assert drill.result == "Failed" and not drill.error
	assert "Emergency Call: count" in drill.differences
	calls = next(row for row in drill.tables if row.doctype_name == "Emergency Call")
	assert calls.restored_count == calls.source_count - 1 and not calls.matches
	# The other records came back whole.
	assert all(row.matches for row in drill.tables if row.doctype_name != "Emergency Call")
	frappe.db.rollback()


def test_the_escalation_fires_when_the_last_good_drill_is_older_than_35_days(site):
	deactivate_escalation_policies()
	policy = DEFAULT_POLICIES["restore-drill-35d"]["policy_name"]
	frappe.db.set_value("Escalation Policy", policy, "is_active", 1)
	good_at = get_datetime("2026-09-01 02:00:00.250000")
	with frozen_at(good_at):
		record_drill({"result": "Passed", "started_at": good_at, "finished_at": good_at})
	failed_at = good_at + timedelta(days=30)
	with frozen_at(failed_at):
		failed = record_drill({"result": "Failed", "started_at": failed_at, "finished_at": failed_at})

	def logs():
		return frappe.get_all(
			"Escalation Log",
			filters={"reference_doctype": "Restore Drill", "policy": policy},
			fields=["reference_name", "level", "condition_since"],
		)

	with frozen_at(good_at + timedelta(days=34, hours=23)):
		sweep()
	assert logs() == []
	with frozen_at(good_at + timedelta(days=35, minutes=1)):
		sweep()
	(log,) = logs()
	# The failed drill of day 30 did not reset the clock: it counts from the last good one.
	assert (log.reference_name, log.level, log.condition_since) == (failed, 1, good_at)
	# A good drill ends it: the latest drill is then a good one of today.
	later = good_at + timedelta(days=36)
	with frozen_at(later):
		record_drill({"result": "Passed", "started_at": later, "finished_at": later})
		sweep()
	assert (
		frappe.db.get_value("Escalation Log", {"reference_name": failed, "policy": policy}, "status")
		== "Cleared"
	)
	assert len(logs()) == 1


def test_the_hourly_entry_queues_one_backup_on_the_long_queue(site):
	from frappe.utils.background_jobs import get_job

	backups.run()
	backups.run()  # the next hour's tick while the backup still waits or runs
	job = get_job(backups.JOB_ID)
	try:
		assert job.kwargs["method"] == "ambon_112.continuity.backups.take_backup"
		assert job.origin.endswith("long")
		queued = [j for j in job.connection.lrange(f"rq:queue:{job.origin}", 0, -1) if j.decode() == job.id]
		assert len(queued) == 1
	finally:
		job.cancel()
		job.delete()
