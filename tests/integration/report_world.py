"""A generated 112 world whose answers are known, for the report tests.

Two days of calls, incidents and dispatches with chosen timestamps, on dates no other test
uses (a random day decades ahead), committed so the server of the HTTP tests sees them too.
Each record is also kept as a plain spec: the tests compute what the reports should say from
these specs alone, with the standard library, never with the app's own statistics.
"""

from __future__ import annotations

import random
import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import frappe
import pytest

from ambon_112.roles import AGENCY_STAFF, OPERATOR, VIEWER
from ambon_112.tests.utils import (
	BATU_MERAH,
	HONIPOPU,
	PASSO,
	POKA,
	frozen_at,
	make_agency,
	make_call,
	make_dispatch,
	make_incident,
	make_user,
)

POINTS = (BATU_MERAH, POKA, HONIPOPU, PASSO)
DELAYS = (2, 4, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 25, 35, 60)
CLASSES = ("Prank", "Ghost / Silent", "Information Request", "Wrong Number", "Dropped", "Test", "")
REPEATERS = {"081299990001": 5, "081299990002": 3, "081299990003": 2}


@dataclass
class CallSpec:
	name: str
	received_at: datetime
	answered_at: datetime | None
	state: str  # Answered / Ended / Missed / Ringing
	channel: str
	exercise: bool
	kecamatan: str | None
	classification: str
	number: str
	incident: str | None = None


@dataclass
class DispatchSpec:
	name: str
	incident: str
	agency: str
	incident_type: str
	exercise: bool
	cancelled: bool
	times: dict  # dispatched_at, acknowledged_at, en_route_at, on_scene_at (some missing)


@dataclass
class IncidentSpec:
	name: str
	incident_type: str
	priority: str
	kecamatan: str | None
	kelurahan: str | None
	reported_at: datetime
	exercise: bool
	first_answered_at: datetime | None
	first_dispatch_at: datetime | None
	agencies: set = field(default_factory=set)


@dataclass
class World:
	day: date
	calls: list[CallSpec] = field(default_factory=list)
	incidents: list[IncidentSpec] = field(default_factory=list)
	dispatches: list[DispatchSpec] = field(default_factory=list)
	agencies: dict = field(default_factory=dict)
	users: dict = field(default_factory=dict)

	@property
	def filters(self) -> dict:
		return {"from_date": str(self.day), "to_date": str(self.day + timedelta(days=1))}

	def in_range(self, moment: datetime) -> bool:
		return self.day <= moment.date() <= self.day + timedelta(days=1)


def quantile(values, p):
	"""The expected percentile, by the standard library (linear, 'inclusive'); None when empty."""
	values = sorted(values)
	if not values:
		return None
	if len(values) == 1:
		return float(values[0])
	return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def percent_within(values, threshold):
	return 100 * len([v for v in values if v <= threshold]) / len(values) if values else None


def seconds(start, end) -> int:
	return max(0, int((end - start).total_seconds()))


def kecamatan_of(kelurahan: str | None) -> str | None:
	return frappe.db.get_value("Ambon Area", kelurahan, "parent_ambon_area") if kelurahan else None


def build_world() -> World:
	rng = random.Random(112)
	world = World(day=date(2040, 1, 1) + timedelta(days=random.randrange(0, 15000)))
	world.agencies = {"fire": make_agency("Fire"), "medical": make_agency("Ambulance / Health")}
	world.users = {
		"operator": make_user([OPERATOR]),
		"viewer": make_user([VIEWER]),
		"fire_staff": make_user([AGENCY_STAFF], agency=world.agencies["fire"]),
		"medical_staff": make_user([AGENCY_STAFF], agency=world.agencies["medical"]),
	}
	_plain_calls(world, rng)
	_incidents(world, rng)
	frappe.db.commit()
	return world


def _add_call(world, received, delay, *, missed=False, ringing=False, channel="Voice", exercise=False,
	point=BATU_MERAH, classification="", number=None, incident=None) -> CallSpec:  # fmt: skip
	answered = None if (missed or ringing) else received + timedelta(seconds=delay)
	ended = None if ringing else (answered or received) + timedelta(seconds=40)
	number = number or f"0812{random.randrange(10**7, 10**8)}"
	doc = make_call(
		received_at=received,
		answered_at=answered,
		ended_at=ended,
		channel=channel,
		is_exercise=int(exercise),
		latitude=point[0],
		longitude=point[1],
		classification=classification,
		caller_number=number,
		incident=incident,
	)
	spec = CallSpec(
		name=doc.name,
		received_at=received,
		answered_at=answered,
		state=doc.call_state,
		channel=channel,
		exercise=exercise,
		kecamatan=kecamatan_of(doc.kelurahan),
		classification=doc.classification or "",
		number=number,
		incident=incident,
	)
	world.calls.append(spec)
	return spec


def _plain_calls(world: World, rng: random.Random):
	"""Two calls in every hour of both days, and the calls every report must leave out."""
	repeat_numbers = [n for n, times in REPEATERS.items() for _ in range(times)]
	for offset in (0, 1):
		day = datetime.combine(world.day + timedelta(days=offset), datetime.min.time())
		for hour in range(24):
			for _ in range(2):
				received = day + timedelta(hours=hour, minutes=rng.randrange(60), seconds=rng.randrange(60))
				_add_call(
					world,
					received,
					rng.choice(DELAYS),
					missed=rng.random() < 0.12,
					point=rng.choice(POINTS),
					classification=rng.choice(CLASSES),
					number=repeat_numbers.pop() if repeat_numbers and rng.random() < 0.3 else None,
				)
	start = datetime.combine(world.day, datetime.min.time())
	for hour in (3, 9, 15, 22):  # other channels: out of the default Voice answer-time report
		_add_call(world, start + timedelta(hours=hour, minutes=5), 50, channel="SMS", point=POKA)
	for hour in (8, 13, 20):  # drills never count
		_add_call(world, start + timedelta(hours=hour, minutes=7), 90, exercise=True, classification="Test")
	for hour in (10, 18):  # still ringing: not offered yet
		_add_call(world, start + timedelta(hours=hour, minutes=9), 0, ringing=True)
	for moment in (
		start - timedelta(minutes=1),
		start + timedelta(days=2),
		start + timedelta(days=2, hours=5),
	):
		_add_call(world, moment, 1, classification="Prank")  # just outside the period
	for number in [n for n in REPEATERS if n in repeat_numbers]:  # any repeat call the dice did not place
		for _ in range(repeat_numbers.count(number)):
			_add_call(
				world, start + timedelta(hours=23, minutes=30), 5, classification="Prank", number=number
			)


# (type, priority, point, hour, answer delay, processing s, agency key, segment offsets, options)
INCIDENTS = [
	("Fire", "P1", BATU_MERAH, 1, 6, 35, "fire", (20, 60, 400), {}),
	("Fire", "P1", POKA, 4, 9, 55, "fire", (30, 90, 600), {}),
	("Fire", "P1", HONIPOPU, 8, 12, 75, "fire", (15, None, 350), {}),  # no "en route" reported
	("Flood", "P2", PASSO, 10, 4, 120, "fire", (40, 100, 900), {"second": "medical"}),
	("Landslide", "P1", POKA, 13, 14, 48, "medical", (25, 70, 700), {"missed_first": True}),
	("Medical Emergency", "P2", BATU_MERAH, 15, 8, 30, "medical", (10, 40, 420), {}),
	("Medical Emergency", "P2", PASSO, 17, 22, 61, "medical", (12, 45, 510), {}),
	("Crime", "P2", HONIPOPU, 19, 5, 58, "fire", (50, None, None), {"cancel": True}),
	("Medical Emergency", "P2", POKA, 21, 11, 90, "medical", (18, 55, 460), {}),
	("Fire", "P1", BATU_MERAH, 23, 3, 44, "fire", (22, 80, 380), {}),
	("Flood", "P2", BATU_MERAH, 6, 7, None, None, None, {}),  # never dispatched
	("Fire", "P1", POKA, 11, None, 40, "fire", (20, 60, 300), {"walk_in": True}),  # no call at all
	("Fire", "P1", POKA, 12, 5, 20, "fire", (10, 20, 100), {"exercise": True}),  # a drill
]


def _incidents(world: World, rng: random.Random):
	for incident_type, priority, point, hour, delay, processing, agency, offsets, options in INCIDENTS:
		received = datetime.combine(world.day, datetime.min.time()) + timedelta(
			hours=hour, minutes=rng.randrange(50)
		)
		doc = make_incident(
			incident_type,
			position=point,
			priority=priority,
			reported_at=received,
			is_exercise=int(bool(options.get("exercise"))),
		)
		first_answered = None
		if not options.get("walk_in"):
			if options.get("missed_first"):  # the first call rang out; the clock starts at the next answer
				_add_call(world, received - timedelta(seconds=50), 0, missed=True, point=point, incident=doc.name,
					exercise=bool(options.get("exercise")))  # fmt: skip
			call = _add_call(world, received, delay, point=point, incident=doc.name,
				exercise=bool(options.get("exercise")))  # fmt: skip
			first_answered = call.answered_at
		base = (first_answered or received) + timedelta(seconds=processing) if processing else None
		spec = IncidentSpec(
			name=doc.name,
			incident_type=incident_type,
			priority=priority,
			kecamatan=doc.kecamatan,
			kelurahan=doc.kelurahan,
			reported_at=frappe.db.get_value("Incident", doc.name, "reported_at"),
			exercise=bool(options.get("exercise")),
			first_answered_at=first_answered,
			first_dispatch_at=base,
		)
		world.incidents.append(spec)
		if base is None:
			continue
		_dispatch(world, spec, agency, base, offsets, cancel=bool(options.get("cancel")))
		if options.get("second"):  # a second agency, sent later: the incident's first dispatch stays
			_dispatch(world, spec, options["second"], base + timedelta(seconds=200), (35, 75, 640))


def _dispatch(world, incident: IncidentSpec, agency_key, dispatched_at, offsets, cancel=False):
	agency = world.agencies[agency_key]
	with frozen_at(dispatched_at):
		doc = make_dispatch(incident.name, agency=agency)
	times = {"dispatched_at": dispatched_at}
	steps = list(zip(("Acknowledged", "En Route", "On Scene"), offsets, strict=True))
	for status, offset in steps:
		if offset is None:
			continue
		moment = dispatched_at + timedelta(seconds=offset)
		with frozen_at(moment):
			doc.reload()
			doc.status = status
			doc.save(ignore_permissions=True)
		times[
			{"Acknowledged": "acknowledged_at", "En Route": "en_route_at", "On Scene": "on_scene_at"}[status]
		] = moment
	if cancel:
		with frozen_at(dispatched_at + timedelta(seconds=300)):
			doc.reload()
			doc.status = "Cancelled"
			doc.cancel_reason = "Stood down"
			doc.save(ignore_permissions=True)
	incident.agencies.add(agency)
	world.dispatches.append(
		DispatchSpec(
			doc.name, incident.name, agency, incident.incident_type, incident.exercise, cancel, times
		)
	)


@pytest.fixture(scope="session")
def world(site) -> World:
	return build_world()
