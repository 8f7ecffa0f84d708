from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.incident_states import DISPATCH_ACTIVE, DISPATCH_STAMPS
from ambon_112.core.portal import (
	CREW_STEPS,
	minutes_since,
	navigation_links,
	next_steps,
	order_for_agency,
)

T0 = datetime(2026, 2, 14, 3, 0, 0)


def test_minutes_since_counts_whole_minutes_and_never_goes_negative():
	assert minutes_since(None, T0) is None
	assert minutes_since(T0, T0 + timedelta(seconds=59)) == 0
	assert minutes_since(T0, T0 + timedelta(minutes=7, seconds=59)) == 7
	assert minutes_since(T0, T0 - timedelta(minutes=2)) == 0


def test_active_first_then_priority_then_newest():
	rows = [
		{"name": "old-p1", "status": "Dispatched", "priority": "P1", "dispatched_at": T0},
		{"name": "new-p3", "status": "En Route", "priority": "P3", "dispatched_at": T0 + timedelta(hours=1)},
		{
			"name": "new-p1",
			"status": "Acknowledged",
			"priority": "P1",
			"dispatched_at": T0 + timedelta(hours=2),
		},
		{
			"name": "cleared-p1",
			"status": "Cleared",
			"priority": "P1",
			"dispatched_at": T0 + timedelta(hours=3),
		},
		{"name": "none", "status": "Dispatched", "priority": None, "dispatched_at": T0 + timedelta(hours=4)},
	]
	assert [r["name"] for r in order_for_agency(rows)] == ["new-p1", "old-p1", "new-p3", "none", "cleared-p1"]


@given(
	st.lists(
		st.fixed_dictionaries(
			{
				"status": st.sampled_from(list(DISPATCH_STAMPS)),
				"priority": st.sampled_from(["P1", "P2", "P3", "P4", None]),
				"dispatched_at": st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
			}
		),
		max_size=30,
	)
)
def test_order_keeps_every_row_and_no_finished_dispatch_precedes_an_active_one(rows):
	ordered = order_for_agency(rows)
	assert sorted(map(id, ordered)) == sorted(map(id, rows))
	active = [r["status"] in DISPATCH_ACTIVE for r in ordered]
	assert active == sorted(active, reverse=True)


def test_next_steps_follow_the_crew_and_stop_when_finished():
	assert next_steps("Dispatched") == list(CREW_STEPS)
	assert next_steps("Acknowledged") == ["En Route", "On Scene", "Cleared"]
	assert next_steps("On Scene") == ["Cleared"]
	assert next_steps("Cleared") == [] and next_steps("Cancelled") == []


def test_navigation_links_open_the_phone_navigation_at_the_incident():
	links = navigation_links(-3.682196, 128.212288, "Pasar Mardika")
	assert links["google"] == "https://www.google.com/maps/dir/?api=1&destination=-3.682196,128.212288"
	assert links["geo"] == "geo:-3.682196,128.212288?q=-3.682196,128.212288(Pasar%20Mardika)"
	assert navigation_links(0, 0) == {}
