# ruff: noqa: F811 -- pytest fixtures imported from report_world are redefined as arguments
"""The KPI reports give the numbers an independent computation gives on a generated world.

Expected values come from the world's specs and the standard library (report_world.quantile),
never from ambon_112.core.stats, and are compared with each report's execute(filters).
"""

import re
from datetime import timedelta

import frappe
import pytest

from ambon_112.command_centre.report.call_answer_time import call_answer_time
from ambon_112.command_centre.report.call_classes import call_classes
from ambon_112.command_centre.report.call_processing_time import call_processing_time
from ambon_112.command_centre.report.incidents_by_area import incidents_by_area
from ambon_112.command_centre.report.response_time_by_agency import response_time_by_agency
from ambon_112.core.masking import mask_number
from ambon_112.exceptions import InvalidReportFilterError, InvalidReportPeriodError
from ambon_112.security.caller_data import masking_key
from tests.integration.report_world import percent_within, quantile, seconds, world

SIRIMAU, TELUK_AMBON = "81.71.02", "81.71.04"


def rounded(value):
	"""Reports carry exact values; this names where the test reads a percentile."""
	return value


def by_label(rows, key):
	return {row[key]: row for row in rows}


# ---------------------------------------------------------------- answer time


def offered_calls(world, channel="Voice", keep=lambda call: True):
	return [
		c
		for c in world.calls
		if world.in_range(c.received_at)
		and not c.exercise
		and c.state in ("Answered", "Ended", "Missed")
		and (not channel or c.channel == channel)
		and keep(c)
	]


def expected_answer_row(calls):
	delays = [seconds(c.received_at, c.answered_at) for c in calls if c.answered_at]
	abandoned = len([c for c in calls if c.state == "Missed"])
	offered = len(delays) + abandoned
	within15, within20 = percent_within(delays, 15), percent_within(delays, 20)
	return {
		"offered": offered,
		"answered": len(delays),
		"abandoned": abandoned,
		"abandoned_share": 100 * abandoned / offered if offered else None,
		"within_10": percent_within(delays, 10),
		"within_15": within15,
		"within_20": within20,
		"p50": rounded(quantile(delays, 50)),
		"p90": rounded(quantile(delays, 90)),
		"p95": rounded(quantile(delays, 95)),
		"nena_met": None if not delays else (within15 >= 90 and within20 >= 95),
	}


def assert_row(row, expected):
	for key, value in expected.items():
		if isinstance(value, float):
			assert row[key] == pytest.approx(value, rel=1e-9, abs=1e-9), (key, row[key], value)
		else:
			assert row[key] == value, (key, row[key], value)


def run(report, **filters):
	columns, rows, message, chart, summary = report.execute(frappe._dict(filters))
	return columns, rows, message, chart, summary


def test_answer_time_by_hour_of_day(world):
	_columns, rows, _message, chart, _summary = run(
		call_answer_time, **world.filters, group_by="Hour of Day", channel="Voice"
	)
	assert len(rows) == 25 and rows[-1]["bold"]
	for hour in range(24):
		expected = expected_answer_row(offered_calls(world, keep=lambda c, h=hour: c.received_at.hour == h))
		assert_row(rows[hour], expected)
	assert_row(rows[-1], expected_answer_row(offered_calls(world)))
	assert chart["data"]["labels"][7] == "07" and rows[7]["bucket"] == "07:00–07:59"


def test_answer_time_by_shift_in_wit(world):
	_columns, rows, *_ = run(call_answer_time, **world.filters, group_by="Shift", channel="Voice")

	def shift(hour):
		return "07-14" if 7 <= hour < 14 else "14-21" if 14 <= hour < 21 else "21-07"

	for row, key in zip(rows[:3], ("07-14", "14-21", "21-07"), strict=True):
		assert_row(
			row,
			expected_answer_row(offered_calls(world, keep=lambda c, k=key: shift(c.received_at.hour) == k)),
		)
	assert [r["bucket"] for r in rows[:3]] == ["Shift 07–14 WIT", "Shift 14–21 WIT", "Shift 21–07 WIT"]


def test_answer_time_by_day_and_other_channels(world):
	_columns, rows, *_ = run(call_answer_time, **world.filters, group_by="Day")
	assert len(rows) == 3
	for offset in (0, 1):
		day = world.day + timedelta(days=offset)
		assert_row(
			rows[offset],
			expected_answer_row(
				offered_calls(world, channel=None, keep=lambda c, d=day: c.received_at.date() == d)
			),
		)


def test_answer_time_filters_by_kecamatan_and_by_the_incident(world):
	_c, rows, *_ = run(call_answer_time, **world.filters, channel="Voice", kecamatan=SIRIMAU)
	assert_row(rows[-1], expected_answer_row(offered_calls(world, keep=lambda c: c.kecamatan == SIRIMAU)))

	incidents = {i.name: i for i in world.incidents}
	disasters = {"Flood", "Landslide"}  # children of the group "Natural Disaster"
	_c, rows, *_ = run(call_answer_time, **world.filters, channel="Voice", incident_type="Natural Disaster")
	expected = expected_answer_row(
		offered_calls(world, keep=lambda c: c.incident and incidents[c.incident].incident_type in disasters)
	)
	assert expected["offered"] > 0
	assert_row(rows[-1], expected)

	medical = world.agencies["medical"]
	_c, rows, *_ = run(call_answer_time, **world.filters, channel="Voice", agency=medical, priority="P2")
	expected = expected_answer_row(
		offered_calls(
			world,
			keep=lambda c: (
				c.incident
				and medical in incidents[c.incident].agencies
				and incidents[c.incident].priority == "P2"
			),
		)
	)
	assert expected["offered"] > 0
	assert_row(rows[-1], expected)


def test_answer_time_summary_and_verdict(world):
	*_, summary = run(call_answer_time, **world.filters, channel="Voice")
	expected = expected_answer_row(offered_calls(world))
	tiles = {tile["label"]: tile for tile in summary}
	assert tiles["Answered within 15 s"]["value"] == round(expected["within_15"], 1)
	assert tiles["Answered within 15 s"]["indicator"] == ("Green" if expected["within_15"] >= 90 else "Red")
	assert tiles["NENA-STA-020.1"]["value"] == ("Met" if expected["nena_met"] else "Not Met")


# ---------------------------------------------------------------- call processing


def counted_incidents(world, keep=lambda i: True):
	return [i for i in world.incidents if world.in_range(i.reported_at) and not i.exercise and keep(i)]


def expected_processing_row(incidents):
	measured = [
		seconds(i.first_answered_at, i.first_dispatch_at)
		for i in incidents
		if i.first_answered_at and i.first_dispatch_at
	]
	within = percent_within(measured, 60)
	return {
		"incidents": len(incidents),
		"dispatched": len([i for i in incidents if i.first_dispatch_at]),
		"measured": len(measured),
		"within_60": within,
		"p50": rounded(quantile(measured, 50)),
		"p90": rounded(quantile(measured, 90)),
		"p95": rounded(quantile(measured, 95)),
		"nfpa_met": None if not measured else within >= 90,
	}


def test_call_processing_by_incident_type(world):
	_c, rows, *_ = run(call_processing_time, **world.filters, group_by="Incident Type")
	rows = by_label(rows, "group")
	types = {i.incident_type for i in counted_incidents(world)}
	assert set(rows) == {*types, "Total"}
	for incident_type in types:
		assert_row(
			rows[incident_type],
			expected_processing_row(
				counted_incidents(world, lambda i, t=incident_type: i.incident_type == t)
			),
		)
	assert_row(rows["Total"], expected_processing_row(counted_incidents(world)))


def test_call_processing_starts_at_the_first_answered_call_not_the_first_ring(world):
	(landslide,) = [i for i in world.incidents if i.incident_type == "Landslide"]
	assert landslide.reported_at < landslide.first_answered_at  # its first call rang out
	_c, rows, *_ = run(call_processing_time, **world.filters, incident_type="Landslide")
	assert rows[-1]["p50"] == seconds(landslide.first_answered_at, landslide.first_dispatch_at)


def test_call_processing_filters(world):
	_c, rows, *_ = run(call_processing_time, **world.filters, group_by="Priority", kecamatan=TELUK_AMBON)
	assert_row(
		rows[-1], expected_processing_row(counted_incidents(world, lambda i: i.kecamatan == TELUK_AMBON))
	)
	fire = world.agencies["fire"]
	_c, rows, *_ = run(call_processing_time, **world.filters, agency=fire, priority="P1")
	expected = expected_processing_row(
		counted_incidents(world, lambda i: fire in i.agencies and i.priority == "P1")
	)
	assert expected["measured"] > 2
	assert_row(rows[-1], expected)


# ---------------------------------------------------------------- response by agency

SEGMENTS = {
	"ack": ("dispatched_at", "acknowledged_at"),
	"enroute": ("acknowledged_at", "en_route_at"),
	"travel": ("en_route_at", "on_scene_at"),
	"total": ("dispatched_at", "on_scene_at"),
}


def counted_dispatches(world, keep=lambda d: True):
	return [
		d for d in world.dispatches if world.in_range(d.times["dispatched_at"]) and not d.exercise and keep(d)
	]


def expected_response_row(dispatches):
	row = {"dispatches": len(dispatches), "cancelled": len([d for d in dispatches if d.cancelled])}
	for key, (start, end) in SEGMENTS.items():
		values = [
			seconds(d.times[start], d.times[end])
			for d in dispatches
			if not d.cancelled and start in d.times and end in d.times
		]
		row[f"{key}_p50"] = rounded(quantile(values, 50))
		row[f"{key}_p90"] = rounded(quantile(values, 90))
	return row


def test_response_by_agency_and_incident_type(world):
	_c, rows, *_ = run(response_time_by_agency, **world.filters)
	for agency in world.agencies.values():
		(agency_row,) = [r for r in rows if r["agency"] == agency]
		assert agency_row["indent"] == 0
		assert_row(
			agency_row, expected_response_row(counted_dispatches(world, lambda d, a=agency: d.agency == a))
		)
		children = rows[rows.index(agency_row) + 1 :]
		children = children[: next((i for i, r in enumerate(children) if r["indent"] == 0), len(children))]
		types = {d.incident_type for d in counted_dispatches(world, lambda d, a=agency: d.agency == a)}
		assert {r["group"] for r in children} == types
		for child in children:
			assert_row(
				child,
				expected_response_row(
					counted_dispatches(
						world, lambda d, a=agency, t=child["group"]: d.agency == a and d.incident_type == t
					)
				),
			)
	assert_row(rows[-1], expected_response_row(counted_dispatches(world)))


def test_a_crew_that_skipped_en_route_is_timed_on_the_segments_it_reported(world):
	fire = world.agencies["fire"]
	skipped = [
		d
		for d in counted_dispatches(world)
		if d.agency == fire and "en_route_at" not in d.times and not d.cancelled
	]
	assert skipped
	_c, rows, *_ = run(response_time_by_agency, **world.filters, agency=fire)
	total_row = rows[-1]
	expected = expected_response_row(counted_dispatches(world, lambda d: d.agency == fire))
	assert total_row["total_p90"] == expected["total_p90"]


def test_agency_user_sees_only_their_own_agency(world):
	frappe.set_user(world.users["fire_staff"])
	_c, rows, *_ = run(response_time_by_agency, **world.filters)
	assert {r["agency"] for r in rows if r["agency"]} == {world.agencies["fire"]}
	assert_row(
		rows[-1],
		expected_response_row(counted_dispatches(world, lambda d: d.agency == world.agencies["fire"])),
	)
	with pytest.raises(frappe.PermissionError):
		run(call_answer_time, **world.filters)
	with pytest.raises(frappe.PermissionError):
		run(call_classes, **world.filters)


# ---------------------------------------------------------------- call classes


def class_counts(calls):
	counts = {}
	for call in calls:
		counts[call.classification or "Unclassified"] = (
			counts.get(call.classification or "Unclassified", 0) + 1
		)
	return counts


def classified_calls(world):
	return [c for c in world.calls if world.in_range(c.received_at) and not c.exercise]


def test_call_classes_per_day(world):
	columns, rows, _message, chart, _summary = run(call_classes, **world.filters, interval="Daily")
	fieldnames = {c["label"]: c["fieldname"] for c in columns}
	for offset, row in enumerate(rows[:2]):
		day = world.day + timedelta(days=offset)
		calls = [c for c in classified_calls(world) if c.received_at.date() == day]
		assert row["total"] == len(calls)
		for cls, count in class_counts(calls).items():
			assert row[fieldnames[cls]] == count, cls
		classified = [c for c in calls if c.classification]
		non_emergency = [c for c in classified if c.classification != "Emergency"]
		assert row["non_emergency_share"] == pytest.approx(100 * len(non_emergency) / len(classified))
	assert rows[-1]["total"] == len(classified_calls(world))
	assert {d["name"] for d in chart["data"]["datasets"]} <= set(fieldnames)


def test_top_repeat_numbers_for_an_operator_and_masked_for_a_viewer(world):
	numbers = {}
	for call in classified_calls(world):
		key = f"+62{call.number[1:]}"
		numbers[key] = numbers.get(key, 0) + 1
	expected = sorted(((n, k) for n, k in numbers.items() if k >= 2), key=lambda x: -x[1])
	assert [k for _n, k in expected[:3]] == [5, 3, 2]

	frappe.set_user(world.users["operator"])
	repeaters = call_classes.repeat_callers(
		frappe._dict(world.filters), call_classes.rf.period(world.filters)
	)
	assert [(r["number"], r["calls"]) for r in repeaters] == expected[:10]
	*_, message, _chart, _summary = run(call_classes, **world.filters)
	assert "+6281299990001" in message

	frappe.set_user(world.users["viewer"])
	repeaters = call_classes.repeat_callers(
		frappe._dict(world.filters), call_classes.rf.period(world.filters)
	)
	# Only the network and a keyed label: each line recognisable, none recoverable.
	shown = [r["number"] for r in repeaters]
	assert [r["calls"] for r in repeaters] == [5, 3, 2]
	assert all(re.fullmatch(r"\+62812••• [A-Z]{4}-[A-Z]{4}", s) for s in shown) and len(set(shown)) == 3
	assert shown == [mask_number(number, masking_key()) for number, _calls in expected[:3]]
	_c, _rows, message, _chart, _summary = run(call_classes, **world.filters)
	assert "99990001" not in message and shown[0] in message


# ---------------------------------------------------------------- incidents by area


def test_incidents_by_kecamatan_and_kelurahan(world):
	_c, rows, _m, chart, _s = run(incidents_by_area, **world.filters)
	incidents = counted_incidents(world)
	kecamatan_rows = {r["area_code"]: r for r in rows if r["indent"] == 0 and r["area_code"]}
	assert len(kecamatan_rows) == 5
	for code, row in kecamatan_rows.items():
		members = [i for i in incidents if i.kecamatan == code]
		assert row["incidents"] == len(members)
		for priority in ("P1", "P2", "P3", "P4"):
			assert row[priority.lower()] == len([i for i in members if i.priority == priority])
	village_rows = {r["area_code"]: r for r in rows if r["indent"] == 1}
	villages = {i.kelurahan for i in incidents}
	assert set(village_rows) == villages
	for village in villages:
		assert village_rows[village]["incidents"] == len([i for i in incidents if i.kelurahan == village])
		assert village_rows[village]["parent_area"] == frappe.db.get_value(
			"Ambon Area", village, "parent_ambon_area"
		)
	assert rows[-1]["incidents"] == len(incidents)
	assert rows[-1]["type_natural_disaster"] == len(
		[i for i in incidents if i.incident_type in ("Flood", "Landslide")]
	)
	assert sum(chart["data"]["datasets"][0]["values"]) == len([i for i in incidents if i.priority == "P1"])


def test_the_map_counts_what_the_table_counts(world):
	from ambon_112.api.reports import incident_map

	frappe.set_user(world.users["operator"])
	collection = incident_map({**world.filters, "priority": "P1"})
	assert len(collection["features"]) == 50
	counts = {f["properties"]["code"]: f["properties"]["incidents"] for f in collection["features"]}
	incidents = counted_incidents(world, lambda i: i.priority == "P1")
	assert sum(counts.values()) == collection["incidents"] == len(incidents)
	for village in {i.kelurahan for i in incidents}:
		assert counts[village] == len([i for i in incidents if i.kelurahan == village])
	assert all(f["geometry"]["type"] in ("Polygon", "MultiPolygon") for f in collection["features"])


def test_the_map_is_refused_to_an_agency_user(world):
	from ambon_112.api.reports import incident_map

	frappe.set_user(world.users["fire_staff"])
	with pytest.raises(frappe.PermissionError):
		incident_map(world.filters)


# ---------------------------------------------------------------- drills and periods


def test_drills_count_nowhere(world):
	drill = next(i for i in world.incidents if i.exercise)
	_c, rows, *_ = run(incidents_by_area, **world.filters)
	assert (
		rows[-1]["incidents"]
		== len(counted_incidents(world))
		== len([i for i in world.incidents if not i.exercise])
	)
	_c, rows, *_ = run(call_processing_time, **world.filters)
	assert drill.name not in str(rows) and rows[-1]["incidents"] == len(counted_incidents(world))
	_c, rows, *_ = run(response_time_by_agency, **world.filters)
	assert rows[-1]["dispatches"] == len(counted_dispatches(world)) < len(world.dispatches)


@pytest.mark.parametrize(
	"filters",
	[
		{"from_date": "2031-05-02", "to_date": "2031-05-01"},
		{"from_date": "2020-01-01", "to_date": "2031-01-01"},
		{"from_date": "kemarin", "to_date": "2031-01-01"},
	],
)
@pytest.mark.parametrize(
	"report",
	[call_answer_time, call_processing_time, response_time_by_agency, call_classes, incidents_by_area],
)
def test_an_impossible_period_is_refused_with_a_clear_message(report, filters):
	with pytest.raises(InvalidReportPeriodError):
		report.execute(frappe._dict(filters))


@pytest.mark.parametrize(
	"report, filters",
	[
		(call_answer_time, {"group_by": "Minute"}),
		(call_processing_time, {"group_by": "Operator"}),
		(call_classes, {"interval": "Hourly"}),
		(incidents_by_area, {"priority": "P9"}),
		(response_time_by_agency, {"priority": "urgent"}),
	],
)
def test_an_unknown_filter_value_is_refused(report, filters):
	with pytest.raises(InvalidReportFilterError):
		report.execute(frappe._dict(filters))
