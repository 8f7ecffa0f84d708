"""The unit board's grouping: by agency, units by call sign, minutes in status, counts."""

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.board import UNIT_STATUSES, group_by_agency, minutes_in_status, totals

NOW = datetime(2026, 3, 1, 3, 0, 0)
AGENCIES = {
	"Dinas Pemadam Kebakaran Kota Ambon": {"abbreviation": "Damkar", "agency_type": "Fire"},
	"PSC 119 Dinas Kesehatan Kota Ambon": {
		"abbreviation": "Dinkes/PSC 119",
		"agency_type": "Ambulance / Health",
	},
}


def row(name, agency, status="Available", minutes=0):
	return {
		"name": name,
		"agency": agency,
		"status": status,
		"status_since": NOW - timedelta(minutes=minutes),
	}


def test_units_grouped_by_agency_with_minutes_and_counts():
	units = [
		row("DAMKAR-02", "Dinas Pemadam Kebakaran Kota Ambon", "On Scene", 17),
		row("AMB-119-01", "PSC 119 Dinas Kesehatan Kota Ambon", "En Route", 3),
		row("DAMKAR-01", "Dinas Pemadam Kebakaran Kota Ambon", "Available", 125),
	]
	groups = group_by_agency(units, AGENCIES, NOW)
	assert [g["abbreviation"] for g in groups] == ["Damkar", "Dinkes/PSC 119"]
	damkar = groups[0]
	assert [u["name"] for u in damkar["units"]] == ["DAMKAR-01", "DAMKAR-02"]
	assert [u["minutes_in_status"] for u in damkar["units"]] == [125, 17]
	assert damkar["counts"]["Available"] == damkar["counts"]["On Scene"] == 1
	assert totals(groups) == {**dict.fromkeys(UNIT_STATUSES, 0), "Available": 1, "On Scene": 1, "En Route": 1}


def test_unknown_agency_falls_back_to_its_name_and_missing_clock_is_none():
	(group,) = group_by_agency([{"name": "X", "agency": "Baru", "status": "Available"}], {}, NOW)
	assert group["abbreviation"] == "Baru" and group["units"][0]["minutes_in_status"] is None


def test_minutes_are_whole_and_never_negative():
	assert minutes_in_status(NOW - timedelta(seconds=119), NOW) == 1
	assert minutes_in_status(NOW + timedelta(minutes=5), NOW) == 0  # a clock a little ahead


@given(
	st.lists(
		st.tuples(st.integers(0, 500), st.sampled_from(sorted(AGENCIES)), st.sampled_from(UNIT_STATUSES)),
		unique_by=lambda t: t[0],
	)
)
def test_every_unit_appears_once_and_counts_add_up(rows):
	units = [row(f"U{i:03d}", agency, status) for i, agency, status in rows]
	groups = group_by_agency(units, AGENCIES, NOW)
	shown = [u["name"] for g in groups for u in g["units"]]
	assert sorted(shown) == sorted(u["name"] for u in units)
	assert sum(totals(groups).values()) == len(units)
