"""Continuity: backups that were actually restored. Plain data in, plain data out (no frappe).

- which files of Frappe's backup folder form the latest complete backup of a site;
- the scratch site a restore drill restores into;
- the fingerprint (count and checksum of key columns) of the records that must survive a
  restore, computed the same way on the live database and on the restored copy;
- when the last good drill is too old.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_BACKUP_INTERVAL_HOURS = 6
DEFAULT_DRILL_MAX_AGE_DAYS = 35  # a monthly drill, and a few days' grace before anyone is told
DEFAULT_REPLICA_MAX_LAG_S = 30  # a report half a minute old is still today's report

# What a restore must bring back, and the columns that identify each record and never change
# after it was written (a status moves on; these do not), so a backup and the live database
# agree on every record the backup holds.
DRILL_TABLES: dict[str, tuple[str, ...]] = {
	"Emergency Call": ("name", "creation", "telephony_call_id", "received_at", "channel"),
	"Incident": ("name", "creation", "reported_at", "is_exercise"),
	"Dispatch": ("name", "creation", "incident", "agency", "unit", "dispatched_at"),
	"Escalation Log": (
		"name",
		"creation",
		"reference_doctype",
		"reference_name",
		"policy",
		"level",
		"repeat_no",
	),
	"File": ("name", "creation", "file_url", "attached_to_doctype", "attached_to_name", "content_hash"),
}

_BACKUP_FILE = re.compile(
	r"^(?P<stamp>\d{8}_\d{6})-(?P<slug>.+?)-"
	r"(?P<kind>database|files|private-files|site_config_backup)(?P<enc>-enc)?\.(?:sql\.gz|tar|tgz|json)$"
)
_STAMP = "%Y%m%d_%H%M%S"


@dataclass(frozen=True)
class BackupSet:
	"""One backup as Frappe writes it: the database dump and, when taken with files, two archives."""

	taken_at: datetime  # the time in the file names (the site's time zone), before the dump began
	database: str
	public_files: str | None = None
	private_files: str | None = None
	config: str | None = None

	@property
	def encrypted(self) -> bool:
		return "-enc." in self.database

	@property
	def with_files(self) -> bool:
		return bool(self.public_files and self.private_files)


def site_slug(site: str) -> str:
	"""The site's part of Frappe's backup file names."""
	return site.replace(".", "_")


def backup_sets(filenames: Iterable[str], site: str) -> list[BackupSet]:
	"""The full backups of ``site`` among ``filenames``, oldest first (partial backups never count)."""
	slug = site_slug(site)
	by_stamp: dict[str, dict[str, str]] = {}
	for filename in filenames:
		match = _BACKUP_FILE.match(filename)
		if match and match["slug"] == slug:
			by_stamp.setdefault(match["stamp"], {})[match["kind"]] = filename
	return [
		BackupSet(
			taken_at=datetime.strptime(stamp, _STAMP),
			database=kinds["database"],
			public_files=kinds.get("files"),
			private_files=kinds.get("private-files"),
			config=kinds.get("site_config_backup"),
		)
		for stamp, kinds in sorted(by_stamp.items())
		if "database" in kinds
	]


def latest_backup(filenames: Iterable[str], site: str) -> BackupSet | None:
	"""The newest full backup of ``site``, preferring one with its files (the drill restores files too)."""
	sets = backup_sets(filenames, site)
	with_files = [s for s in sets if s.with_files]
	return (with_files or sets or [None])[-1]


def backup_freshness_hours(interval_hours: float) -> float:
	"""How old the last backup may be before the hourly check takes a new one.

	Half an hour less than the interval: a backup taken a few seconds after the hour is
	N hours old only just after the hour N hours later, and would otherwise wait one more hour."""
	interval = interval_hours if interval_hours and interval_hours > 0 else DEFAULT_BACKUP_INTERVAL_HOURS
	return max(interval - 0.5, 0.5)


def scratch_site_name(site: str) -> str:
	"""The site a drill restores ``site`` into: derived from it, so two sites' drills never meet."""
	return f"restore-drill.{site}"


def scratch_database_name(site: str) -> str:
	"""The scratch site's database (and user): short, fixed for the site, apart from every site's own."""
	return "_rd_" + hashlib.sha1(site.encode(), usedforsecurity=False).hexdigest()[:16]


# ---------------------------------------------------------------- fingerprints


def _canonical(value) -> str:
	if value is None:
		return ""
	if isinstance(value, datetime):
		return value.isoformat(sep=" ")
	return str(value)


def rows_checksum(rows: Iterable[Sequence]) -> str:
	"""SHA-256 over the rows in the order given (the callers sort by name); NULL and '' are equal."""
	digest = hashlib.sha256()
	for row in rows:
		digest.update("\x1f".join(_canonical(v) for v in row).encode())
		digest.update(b"\x1e")
	return digest.hexdigest()


@dataclass(frozen=True)
class Fingerprint:
	count: int
	checksum: str
	files_on_disk: int | None = None  # File only: how many of its stored files are there


def differences(source: Mapping[str, Fingerprint], restored: Mapping[str, Fingerprint]) -> list[str]:
	"""What the restored copy lacks or has otherwise, one line per difference; empty when equal."""
	out = []
	for doctype in sorted(set(source) | set(restored)):
		a, b = source.get(doctype), restored.get(doctype)
		if a is None or b is None:
			out.append(f"{doctype}: missing on the {'source' if a is None else 'restored copy'}")
			continue
		if a.count != b.count:
			out.append(f"{doctype}: count {a.count} on the source, {b.count} restored")
		elif a.checksum != b.checksum:
			out.append(f"{doctype}: checksum differs ({a.checksum[:12]} vs {b.checksum[:12]})")
		if a.files_on_disk != b.files_on_disk:
			out.append(f"{doctype}: {a.files_on_disk} stored files on the source, {b.files_on_disk} restored")
	return out


# ---------------------------------------------------------------- the drill's age


def last_good_drill(
	previous_good_at: datetime | None, passed: bool, finished_at: datetime
) -> datetime | None:
	"""When the last good drill finished, as known after this drill."""
	return finished_at if passed else previous_good_at


def drill_overdue_since(last_good_at: datetime | None, first_drill_at: datetime) -> datetime:
	"""Since when the condition "no good drill" is counted: the last good drill, else the first drill
	(a site that never passed one starts counting when it first tried)."""
	return last_good_at or first_drill_at


# ---------------------------------------------------------------- the replica


def replica_usable(status: Mapping[str, object] | None, max_lag_s: float) -> bool:
	"""Whether reads may go to a replica with this ``SHOW SLAVE STATUS`` row (None: lag unknown,
	the server only answered): both threads running and at most ``max_lag_s`` behind."""
	if status is None:
		return True
	if status.get("Slave_IO_Running") != "Yes" or status.get("Slave_SQL_Running") != "Yes":
		return False
	behind = status.get("Seconds_Behind_Master")
	return behind is not None and int(behind) <= max_lag_s
