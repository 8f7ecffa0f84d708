"""The agency portal's data in-process, as an agency user: order, closed filter, minutes, other agencies."""

from datetime import timedelta

import frappe
import pytest
from frappe.utils import add_to_date, get_datetime, now_datetime
from freezegun import freeze_time

from ambon_112.portal.dispatches import dispatch_view, list_dispatches
from ambon_112.roles import AGENCY_STAFF
from ambon_112.tests.utils import POKA, make_agency, make_dispatch, make_incident, make_unit, make_user


@pytest.fixture
def damkar():
	agency = make_agency("Fire")
	return {"agency": agency, "user": make_user([AGENCY_STAFF], agency=agency)}


def test_active_list_is_most_urgent_first_and_counts_minutes(damkar):
	start = get_datetime("2026-02-14 03:00:00")
	with freeze_time(start):
		p3 = make_dispatch(make_incident(priority="P3").name, unit=make_unit(damkar["agency"]))
	with freeze_time(start + timedelta(minutes=5)):
		p1_old = make_dispatch(make_incident(priority="P1").name, unit=make_unit(damkar["agency"]))
	with freeze_time(start + timedelta(minutes=9)):
		p1_new = make_dispatch(
			make_incident(priority="P1", landmark="Gong Perdamaian").name, agency=damkar["agency"]
		)
		done = make_dispatch(make_incident(priority="P1").name, unit=make_unit(damkar["agency"]))
		done = frappe.get_doc("Dispatch", done.name)
		done.status = "Cleared"
		done.save(ignore_permissions=True)
	frappe.set_user(damkar["user"])
	with freeze_time(start + timedelta(minutes=21)):
		rows = list_dispatches()
		closed = list_dispatches(closed=True)
	assert [r.name for r in rows] == [p1_new.name, p1_old.name, p3.name]
	assert [r.minutes for r in rows] == [12, 16, 21]
	assert rows[0].landmark == "Gong Perdamaian" and rows[0].kelurahan_name
	assert [r.name for r in closed] == [done.name]


def test_closed_filter_keeps_only_recent_days(damkar):
	incident = make_incident()
	old = frappe.get_doc("Dispatch", make_dispatch(incident.name, agency=damkar["agency"]).name)
	old.status = "Cancelled"
	old.cancel_reason = "Salah alamat"
	old.save(ignore_permissions=True)
	frappe.db.set_value(
		"Dispatch", old.name, "modified", add_to_date(now_datetime(), days=-4), update_modified=False
	)
	frappe.set_user(damkar["user"])
	assert old.name not in {r.name for r in list_dispatches(closed=True)}


def test_dispatch_view_names_the_other_agencies_and_nothing_more(damkar):
	polisi = make_agency("Police", agency_name="Polresta Pulau Ambon Test")
	incident = make_incident(position=POKA)
	mine = make_dispatch(incident.name, unit=make_unit(damkar["agency"]))
	make_dispatch(incident.name, unit=make_unit(polisi, "Police Patrol"), instructions="Rahasia polisi")
	frappe.set_user(damkar["user"])
	view = dispatch_view(mine.name)
	assert view["other_agencies"] == [{"agency": "Polresta Pulau Ambon Test", "status": "Dispatched"}]
	assert "Rahasia polisi" not in frappe.as_json(view)
	assert view["next_steps"] == ["Acknowledged", "En Route", "On Scene", "Cleared"]
	assert view["incident"]["kelurahan_name"] and view["caller"] == []
