"""Scheduled backups with files, through Frappe's own backup (``frappe.utils.backups``).

An hourly scheduler entry asks Frappe's ``new_backup`` for a backup with files when the last one
is older than *Backup Every (hours)* (Ambon 112 Settings, default 6): Frappe itself looks at the
files it wrote and skips the dump while they are recent, and before each backup deletes the files
of its backup folder older than ``keep_backups_for_hours`` (site config, default 24). Its hourly
job ``delete_downloadable_backups`` keeps at most System Settings *Number of Backups* database
dumps. The off-machine copy is Frappe's too: S3 Backup Settings (any S3-compatible store),
Dropbox or Google Drive settings upload the latest of these backups.

The hourly check runs on the long queue: a backup with files takes longer than the default
queue allows.
"""

import frappe

from ambon_112.core.continuity import backup_freshness_hours
from ambon_112.settings import setting

JOB_ID = "ambon112-scheduled-backup"


def run():
	"""The hourly scheduler entry: queue the backup once (a still-running one is not queued again)."""
	frappe.enqueue(
		"ambon_112.continuity.backups.take_backup",
		queue="long",
		job_id=JOB_ID,  # Frappe adds the site
		# At once, not after the commit: the backup reads nothing this job writes, and Frappe's
		# deduplication looks at the queue when enqueue is called.
		deduplicate=True,
	)


def take_backup(force: bool = False):
	"""Frappe's backup with files, unless the last one is recent enough (``force``: take one now)."""
	from frappe.utils.backups import new_backup

	return new_backup(
		older_than=backup_freshness_hours(setting("backup_interval_hours")),
		ignore_files=False,
		force=force,
	)
