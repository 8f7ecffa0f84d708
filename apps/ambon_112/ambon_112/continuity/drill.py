"""The restore drill: a backup counts once it has been restored and found whole.

The latest backup of the site (Frappe's backup folder) is restored by Frappe's own ``bench
restore`` into a scratch site named after the site, with its files; the records that must
survive (calls, incidents, dispatches, escalation logs, files: ``core.continuity.DRILL_TABLES``)
are counted and checksummed over their key columns on the live database and on the restored
copy by the same code, for the records the backup holds (created up to the backup's time); the
scratch site is dropped and the result, the restore time and any difference are recorded on a
*Restore Drill* (its one write path). ``bench --site SITE ambon112-restore-drill`` runs it, and
so does the monthly scheduler entry. The latest drill carries the time of the last good one, from
which the escalation *Restore Drill Overdue* counts.

The restore runs in a child process of the bench's own Python (``frappe.utils.bench_helper``, as
the bench CLI does): a restore initialises another site, which this process, connected to the
live site, must not do. MariaDB's administrator credentials are those Frappe reads for new sites
(``root_login`` / ``root_password`` in common_site_config.json); they are never put on a command
line.
"""

import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import traceback

import frappe
from frappe.utils import get_bench_path, now_datetime

from ambon_112.core.continuity import (
	DRILL_TABLES,
	BackupSet,
	Fingerprint,
	differences,
	drill_overdue_since,
	last_good_drill,
	latest_backup,
	scratch_database_name,
	scratch_site_name,
)

DRILL = "Restore Drill"
PASSED, FAILED = "Passed", "Failed"
RESTORE_TIMEOUT_S = 3600


class DrillError(Exception):
	"""A step of the drill failed; the drill is recorded as failed with this message."""


def scheduled_drill():
	"""The monthly scheduler entry (``monthly_long``: a restore takes longer than a default job may)."""
	run_drill()


def run_drill(backup: BackupSet | None = None) -> str:
	"""Restore ``backup`` (default: the latest) into the scratch site, verify it, drop the scratch
	site and record the drill; returns the Restore Drill's name. Never raises for a failed step:
	a drill that could not restore is a failed drill, recorded as such."""
	site = frappe.local.site
	scratch = scratch_site_name(site)
	record = {"site": site, "scratch_site": scratch, "started_at": now_datetime(), "tables": []}
	try:
		backup = backup or find_latest_backup(site)
		record.update(
			backup_file=os.path.basename(backup.database),
			backup_taken_at=backup.taken_at,
			with_files=int(backup.with_files),
		)
		drop_scratch_site(scratch)
		started = time.monotonic()
		restore(scratch, backup)
		record["restore_seconds"] = round(time.monotonic() - started, 1)
		source = fingerprints(frappe.db, frappe.get_site_path(), backup.taken_at)
		restored = fingerprints_of_site(scratch, backup.taken_at)
		record["tables"] = table_rows(source, restored)
		found = differences(source, restored)
		record["differences"] = "\n".join(found)
		record["result"] = FAILED if found else PASSED
	except Exception as e:
		record["result"] = FAILED
		record["error"] = f"{e}\n\n{traceback.format_exc()}"[-10000:]
	finally:
		try:
			drop_scratch_site(scratch)
		except Exception as e:
			record["error"] = ((record.get("error") or "") + f"\nThe scratch site was not dropped: {e}")[
				-10000:
			]
	record["finished_at"] = now_datetime()
	return record_drill(record)


# ---------------------------------------------------------------- the backup and the restore


def find_latest_backup(site: str) -> BackupSet:
	from frappe.utils.backups import get_backup_path

	folder = get_backup_path()
	names = os.listdir(folder) if os.path.isdir(folder) else []
	found = latest_backup(names, site)
	if not found:
		raise DrillError(f"No backup of {site} in {folder}")
	path = lambda name: name and os.path.abspath(os.path.join(folder, name))  # noqa: E731
	return BackupSet(
		found.taken_at,
		path(found.database),
		path(found.public_files),
		path(found.private_files),
		path(found.config),
	)


def bench_command(*args: str, site: str | None = None) -> subprocess.CompletedProcess:
	"""A bench command as the bench CLI runs it, in the bench's Python, from the sites folder."""
	cmd = [sys.executable, "-m", "frappe.utils.bench_helper", "frappe"]
	if site:
		cmd += ["--site", site]
	proc = subprocess.run(
		[*cmd, *args],
		cwd=os.path.join(get_bench_path(), "sites"),
		capture_output=True,
		text=True,
		stdin=subprocess.DEVNULL,
		timeout=RESTORE_TIMEOUT_S,
	)
	if proc.returncode != 0:
		raise DrillError(
			f"bench {' '.join(args[:1])} failed ({proc.returncode}): {(proc.stdout + proc.stderr)[-3000:]}"
		)
	return proc


def restore(scratch: str, backup: BackupSet):
	"""Frappe's ``bench restore`` of the backup, with its files, into the (new) scratch site."""
	folder = os.path.join(get_bench_path(), "sites", scratch)
	os.makedirs(folder, exist_ok=True)
	with open(os.path.join(folder, "site_config.json"), "w") as config:
		# Frappe's restore creates this database and its user with these credentials. The copy's
		# scheduler stays paused: its escalations and e-mails must never go out.
		json.dump(
			{
				"db_name": scratch_database_name(frappe.local.site),
				"db_password": secrets.token_hex(16),
				"pause_scheduler": 1,
			},
			config,
		)
	args = ["restore", backup.database]
	if backup.public_files:
		args += ["--with-public-files", backup.public_files]
	if backup.private_files:
		args += ["--with-private-files", backup.private_files]
	if backup.encrypted:
		# The scratch site has no key of its own: the backup was encrypted with the live site's.
		from frappe.utils.backups import get_or_generate_backup_encryption_key

		args += ["--encryption-key", get_or_generate_backup_encryption_key()]
	bench_command(*args, *root_user(), site=scratch)


def root_user() -> list[str]:
	"""Frappe's restore and drop-site read the administrator's password from the config but take
	its user name only from the command line (else "root")."""
	return ["--db-root-username", frappe.conf.root_login] if frappe.conf.root_login else []


def drop_scratch_site(scratch: str):
	"""Drop the scratch site's database and user and remove its folder (Frappe's ``drop-site``,
	archived to a temporary folder that is removed: the drill's copy is not kept)."""
	folder = os.path.join(get_bench_path(), "sites", scratch)
	if not os.path.isdir(folder):
		return
	config = os.path.join(folder, "site_config.json")
	has_database = os.path.isfile(config) and json.load(open(config)).get("db_name")
	if has_database:
		archive = tempfile.mkdtemp(prefix="ambon112-drill-")
		try:
			bench_command(
				"drop-site", scratch, "--force", "--no-backup", "--archived-sites-path", archive, *root_user()
			)
		finally:
			shutil.rmtree(archive, ignore_errors=True)
	shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- verification


def fingerprints(db, site_path: str, cutoff) -> dict[str, Fingerprint]:
	"""Count and checksum of the key columns of every drill table's records created up to ``cutoff``,
	through ``db`` (the live site's or the restored copy's connection): the same queries on both."""
	from ambon_112.core.continuity import rows_checksum

	out = {}
	for doctype, columns in DRILL_TABLES.items():
		selected = ", ".join(f"`{c}`" for c in columns)
		rows = db.sql(
			f"select {selected} from `tab{doctype}` where creation <= %(cutoff)s order by name",
			{"cutoff": cutoff},
		)
		on_disk = None
		if doctype == "File":
			on_disk = files_on_disk(db, site_path, cutoff)
		out[doctype] = Fingerprint(len(rows), rows_checksum(rows), on_disk)
	return out


def files_on_disk(db, site_path: str, cutoff) -> int:
	"""How many of the stored files (not folders, not links elsewhere) are present in the site's folder."""
	present = 0
	for (url,) in db.sql(
		"""select file_url from `tabFile` where creation <= %(cutoff)s and ifnull(is_folder, 0) = 0
		and (file_url like '/files/%%' or file_url like '/private/files/%%')""",
		{"cutoff": cutoff},
	):
		relative = url.lstrip("/")
		relative = relative if relative.startswith("private/") else f"public/{relative}"
		present += os.path.isfile(os.path.join(site_path, relative))
	return present


def fingerprints_of_site(scratch: str, cutoff) -> dict[str, Fingerprint]:
	"""The restored copy's fingerprints, through a connection of its own (credentials from its config)."""
	from frappe.database import get_db

	folder = os.path.join(get_bench_path(), "sites", scratch)
	with open(os.path.join(folder, "site_config.json")) as f:
		config = json.load(f)
	db = get_db(
		host=config.get("db_host") or frappe.conf.db_host,
		port=config.get("db_port") or frappe.conf.db_port,
		user=config["db_name"],
		password=config["db_password"],
		cur_db_name=config["db_name"],
	)
	db.connect()
	try:
		return fingerprints(db, folder, cutoff)
	finally:
		db.close()


def table_rows(source: dict[str, Fingerprint], restored: dict[str, Fingerprint]) -> list[dict]:
	rows = []
	for doctype in DRILL_TABLES:
		a, b = source.get(doctype), restored.get(doctype)
		rows.append(
			{
				"doctype_name": doctype,
				"source_count": a.count if a else None,
				"restored_count": b.count if b else None,
				"source_checksum": a.checksum if a else None,
				"restored_checksum": b.checksum if b else None,
				"source_files_on_disk": a.files_on_disk if a else None,
				"restored_files_on_disk": b.files_on_disk if b else None,
				"matches": int(bool(a and b and a == b)),
			}
		)
	return rows


# ---------------------------------------------------------------- the record


def record_drill(record: dict) -> str:
	"""The Restore Drill (its one write path); the latest drill carries the last good drill's time."""
	previous = frappe.db.get_value(
		DRILL,
		{"latest": 1},
		["name", "last_good_at", "counting_from"],
		as_dict=True,
		order_by="creation desc",
	)
	passed = record["result"] == PASSED
	last_good = last_good_drill(previous.last_good_at if previous else None, passed, record["finished_at"])
	first_drill_at = (previous.counting_from if previous else None) or record["started_at"]
	doc = frappe.get_doc(
		{
			"doctype": DRILL,
			**record,
			"last_good_at": last_good,
			"counting_from": drill_overdue_since(last_good, first_drill_at),
			"latest": 1,
		}
	)
	doc.flags.recorded_by_drill = True
	doc.insert(ignore_permissions=True)
	frappe.db.set_value(DRILL, {"latest": 1, "name": ("!=", doc.name)}, "latest", 0, update_modified=False)
	return doc.name
