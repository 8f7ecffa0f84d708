"""Continuity's pure rules: which files are the latest backup, fingerprints, the drill's age."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.continuity import (
	DRILL_TABLES,
	Fingerprint,
	backup_freshness_hours,
	backup_sets,
	differences,
	drill_overdue_since,
	last_good_drill,
	latest_backup,
	rows_checksum,
	scratch_site_name,
)
from ambon_112.core.escalation import Level, condition_since, due_firings

SITE = "ambon112.localhost"


def names(stamp: str, site: str = SITE, files: bool = True, enc: str = "") -> list[str]:
	slug = site.replace(".", "_")
	out = [f"{stamp}-{slug}-database{enc}.sql.gz", f"{stamp}-{slug}-site_config_backup{enc}.json"]
	if files:
		out += [f"{stamp}-{slug}-files{enc}.tar", f"{stamp}-{slug}-private-files{enc}.tar"]
	return out


def test_the_latest_backup_is_the_newest_with_its_files():
	found = latest_backup(
		[*names("20261129_060000"), *names("20261129_120000"), *names("20261129_180000", files=False)], SITE
	)
	# The bench's own cron takes database-only backups: the drill wants one that has the files too.
	assert found.taken_at == datetime(2026, 11, 29, 12, 0)
	assert found.database == "20261129_120000-ambon112_localhost-database.sql.gz"
	assert found.public_files.endswith("-files.tar") and found.private_files.endswith("-private-files.tar")
	assert found.with_files and not found.encrypted


def test_without_any_backup_with_files_the_newest_database_dump_is_used():
	found = latest_backup(
		[*names("20261129_060000", files=False), *names("20261129_070000", files=False)], SITE
	)
	assert found.taken_at == datetime(2026, 11, 29, 7, 0) and not found.with_files


def test_other_sites_partial_backups_and_strangers_are_ignored():
	other = names("20261130_000000", site="other.localhost")
	partial = ["20261130_010000-ambon112_localhost-partial-database.sql.gz"]
	assert latest_backup([*other, *partial, "notes.txt", "x-database.sql.gz"], SITE) is None
	assert len(backup_sets([*names("20261129_060000"), *other], SITE)) == 1


def test_encrypted_backups_are_found_and_flagged():
	found = latest_backup(names("20261129_060000", enc="-enc"), SITE)
	assert found.encrypted and found.with_files


def test_the_hourly_check_takes_a_backup_on_the_hour_after_the_interval():
	# A backup a few seconds after 00:00 is "old enough" at 06:00, not at 05:00.
	assert backup_freshness_hours(6) == 5.5
	assert backup_freshness_hours(1) == 0.5
	assert backup_freshness_hours(0) == 5.5  # unset: the default of 6 h


def test_the_scratch_site_is_derived_from_the_site():
	assert scratch_site_name(SITE) == "restore-drill.ambon112.localhost"
	assert scratch_site_name("a.test") != scratch_site_name("b.test")


def test_every_drill_table_names_its_records_and_when_they_were_made():
	assert set(DRILL_TABLES) == {"Emergency Call", "Incident", "Dispatch", "Escalation Log", "File"}
	assert all(cols[:2] == ("name", "creation") for cols in DRILL_TABLES.values())


rows = st.lists(
	st.tuples(st.text(max_size=8), st.one_of(st.none(), st.integers(), st.text(max_size=5))), max_size=6
)


@given(rows)
def test_the_checksum_is_a_function_of_the_rows(data):
	assert rows_checksum(data) == rows_checksum(list(data))


@given(rows, st.data())
def test_a_missing_or_changed_row_changes_the_checksum(data, draw):
	if not data:
		return
	i = draw.draw(st.integers(0, len(data) - 1))
	assert rows_checksum(data[:i] + data[i + 1 :]) != rows_checksum(data)
	changed = (data[i][0] + "x", data[i][1])
	assert rows_checksum(data[:i] + [changed] + data[i + 1 :]) != rows_checksum(data)


def test_values_are_not_confused_across_columns():
	assert rows_checksum([("a", "bc")]) != rows_checksum([("ab", "c")])
	assert rows_checksum([("a",), ("b",)]) != rows_checksum([("a", "b")])


def test_differences_name_each_table_that_does_not_match():
	same = Fingerprint(3, "abc")
	source = {"Incident": same, "Dispatch": Fingerprint(2, "d1"), "File": Fingerprint(4, "f", 4)}
	restored = {"Incident": same, "Dispatch": Fingerprint(1, "d0"), "File": Fingerprint(4, "f", 3)}
	found = differences(source, restored)
	assert found == [
		"Dispatch: count 2 on the source, 1 restored",
		"File: 4 stored files on the source, 3 restored",
	]
	assert differences(source, dict(source)) == []
	assert differences(source, {**source, "Incident": Fingerprint(3, "abd")}) == [
		"Incident: checksum differs (abc vs abd)"
	]
	assert differences(source, {k: v for k, v in source.items() if k != "File"}) == [
		"File: missing on the restored copy"
	]


def test_the_last_good_drill_moves_only_with_a_passed_drill():
	before, now = datetime(2026, 10, 1), datetime(2026, 11, 1)
	assert last_good_drill(before, True, now) == now
	assert last_good_drill(before, False, now) == before
	assert last_good_drill(None, False, now) is None
	assert drill_overdue_since(None, now) == now
	assert drill_overdue_since(before, now) == before


def test_the_latest_drill_escalates_35_days_after_the_last_good_one():
	good = datetime(2026, 10, 1, 2, 0)
	level = Level(1, "Restore Drill Overdue", 35 * 86400, notify_roles=("112 Administrator",))
	latest = {
		"name": "RD-2026-00002",
		"latest": 1,
		"counting_from": good,
		"creation": good + timedelta(days=30),
	}
	assert condition_since("Restore Drill Overdue", latest) == good
	assert due_firings([level], latest, good + timedelta(days=34, hours=23)) == []
	assert [d.level.number for d in due_firings([level], latest, good + timedelta(days=35))] == [1]
	# An older drill is not "the latest": only the newest one carries the condition.
	assert condition_since("Restore Drill Overdue", {**latest, "latest": 0}) is None


def test_the_replica_serves_reads_only_while_replicating_and_recent_enough():
	from ambon_112.core.continuity import replica_usable

	running = {"Slave_IO_Running": "Yes", "Slave_SQL_Running": "Yes", "Seconds_Behind_Master": 3}
	assert replica_usable(running, 30)
	assert not replica_usable({**running, "Seconds_Behind_Master": 31}, 30)
	assert not replica_usable({**running, "Seconds_Behind_Master": None}, 30)
	assert not replica_usable({**running, "Slave_SQL_Running": "No"}, 30)
	assert not replica_usable({**running, "Slave_IO_Running": "Connecting"}, 30)
	assert replica_usable(None, 30)  # the lag cannot be read: answering is all that is known
