"""Training on the real bench: the seeded scenario library, a drill through the real intake path
scored from what the trainees did, agencies kept out of drills (neither told nor shown), the daily
review sample, the training reports, and KPIs that never count a drill."""

import json
from datetime import date, datetime, timedelta

import frappe
import pytest
from frappe.desk.doctype.number_card.number_card import get_result

from ambon_112.api import dashboard as dashboard_api
from ambon_112.api import dispatch as dispatch_api
from ambon_112.api import intake as intake_api
from ambon_112.api import training as training_api
from ambon_112.command_centre.report.call_answer_time import call_answer_time
from ambon_112.command_centre.report.call_classes import call_classes
from ambon_112.command_centre.report.call_processing_time import call_processing_time
from ambon_112.command_centre.report.incidents_by_area import incidents_by_area
from ambon_112.command_centre.report.response_time_by_agency import response_time_by_agency
from ambon_112.core.call_states import CLASSES
from ambon_112.intake.telephony import POPUP_EVENT
from ambon_112.roles import OPERATOR, SUPERVISOR, TRAINER
from ambon_112.tests.utils import BATU_MERAH, frozen_at, make_agency, make_call, make_user, unique
from ambon_112.training import defaults, review_sampling
from ambon_112.training.report.call_review_coverage import call_review_coverage
from ambon_112.training.report.training_record import training_record

FIRE_SCENARIO = "Kebakaran rumah di Batu Merah"
PRANK_SCENARIO = "Telepon iseng"
MARKET_FIRE = "Kebakaran Pasar Mardika"  # three calls about one fire
# About 100 m from the scenario's true point (the mosque behind which the house burns).
NEAR_TRUTH = (BATU_MERAH[0] + 0.0009, BATU_MERAH[1])


# ---------------------------------------------------------------- the scenario library


def test_the_seeded_library_covers_every_call_class_and_the_rare_events():
	scenarios = frappe.get_all(
		"Training Scenario", fields=["name", "expected_classification", "calls", "aml_sms", "kelurahan"]
	)
	seeded = [s for s in scenarios if s.name in defaults.SCENARIOS]
	assert len(seeded) >= 20
	assert {s.expected_classification for s in seeded} == set(CLASSES)
	for rare in ("Kebakaran Pasar Mardika", "Tanah longsor di perbukitan Nusaniwe", "Banjir di Batu Gajah"):
		assert rare in defaults.SCENARIOS
	quake = [s for s in seeded if s.name.startswith("Gempa:")]
	assert len(quake) == 3 and sum(s.calls for s in quake) >= 8  # 8+ calls about 3 incidents
	assert any(s.aml_sms for s in seeded)
	for s in seeded:  # every place is a real kelurahan/desa of the city's reference data
		assert not s.kelurahan or frappe.db.exists("Ambon Area", s.kelurahan)
	assert frappe.db.exists("Call Review Checklist", defaults.CHECKLIST)


def test_seeding_again_never_overwrites_an_edit_nor_brings_back_a_deleted_scenario():
	frappe.db.set_value("Training Scenario", FIRE_SCENARIO, "difficulty", "Advanced")
	frappe.delete_doc("Training Scenario", PRANK_SCENARIO, ignore_permissions=True, force=True)
	assert defaults.seed_training_defaults() == []
	assert frappe.db.get_value("Training Scenario", FIRE_SCENARIO, "difficulty") == "Advanced"
	assert not frappe.db.exists("Training Scenario", PRANK_SCENARIO)


# ---------------------------------------------------------------- a drill, end to end


@pytest.fixture
def drill_world():
	agencies = {t: make_agency(t) for t in ("Fire", "Police", "Ambulance / Health")}
	member = make_user(["Agency Staff"], agency=agencies["Fire"])
	return frappe._dict(
		trainer=make_user([TRAINER]),
		good=make_user([OPERATOR]),
		poor=make_user([OPERATOR]),
		agencies=agencies,
		member=member,
	)


def new_session(world, trainees, scenarios, **fields):
	frappe.set_user(world.trainer)
	return frappe.get_doc(
		{
			"doctype": "Exercise Session",
			"title": unique("Latihan"),
			"trainer": world.trainer,
			"trainees": [{"trainee": t} for t in trainees],
			"scenarios": [{"scenario": s} for s in scenarios],
			**fields,
		}
	).insert()


def calls_of(session_name: str, trainee: str) -> dict:
	rows = frappe.get_all(
		"Exercise Result",
		filters={"parent": session_name, "trainee": trainee},
		fields=["scenario", "call_no", "call"],
		order_by="idx",
	)
	return {(r.scenario, r.call_no): r.call for r in rows}


def handle_fire(world, call, agency_types=("Fire", "Police")):
	"""The trainee's minute: pick up, set the location the caller gives, create the incident, dispatch."""
	training_api.answer_call(call)
	doc = frappe.get_doc("Emergency Call", call)
	doc.latitude, doc.longitude = NEAR_TRUTH
	doc.save()
	summary = intake_api.create_incident(call, "Fire")
	incident = frappe.db.get_value("Emergency Call", call, "incident")
	dispatch_api.dispatch_units(incident, agencies=[world.agencies[t] for t in agency_types])
	return summary, incident


def run_drill(world):
	session = new_session(world, [world.good, world.poor], [FIRE_SCENARIO, PRANK_SCENARIO])
	frappe.realtime.clear_realtime_log()  # what this drill publishes once its transaction commits
	started = training_api.start_session(session.name)["calls"]
	published = getattr(frappe.local, "_realtime_log", [])
	popups = [(room, msg) for event, msg, room in published if event == POPUP_EVENT]
	calls = {t: calls_of(session.name, t) for t in (world.good, world.poor)}

	frappe.set_user(world.good)
	handle_fire(world, calls[world.good][(FIRE_SCENARIO, 1)])
	training_api.answer_call(calls[world.good][(PRANK_SCENARIO, 1)])
	intake_api.classify(calls[world.good][(PRANK_SCENARIO, 1)], "Prank")

	frappe.set_user(world.poor)  # the wrong type of incident, one agency, a prank taken for a question
	training_api.answer_call(calls[world.poor][(FIRE_SCENARIO, 1)])
	intake_api.create_incident(calls[world.poor][(FIRE_SCENARIO, 1)], "Flood")
	incident = frappe.db.get_value("Emergency Call", calls[world.poor][(FIRE_SCENARIO, 1)], "incident")
	dispatch_api.dispatch_units(incident, agencies=[world.agencies["Fire"]])
	training_api.answer_call(calls[world.poor][(PRANK_SCENARIO, 1)])
	intake_api.classify(calls[world.poor][(PRANK_SCENARIO, 1)], "Information Request")

	frappe.set_user(world.trainer)
	results = training_api.end_session(session.name)["results"]
	return frappe._dict(session=session.name, started=started, popups=popups, calls=calls, results=results)


def test_a_drill_rings_through_the_intake_path_and_scores_what_each_trainee_did(drill_world):
	drill = run_drill(drill_world)
	assert len(drill.started) == 4
	for call in drill.started:
		doc = frappe.get_doc("Emergency Call", call)
		assert doc.is_exercise and doc.telephony_call_id.startswith("LATIHAN-")
		assert doc.operator in (drill_world.good, drill_world.poor)  # rung at the trainee's own desk
		assert doc.answered_at and doc.call_state == "Answered"
	# the pop-up went to each trainee's desk only, saying it is a drill
	assert {room for room, _ in drill.popups} == {f"user:{drill_world.good}", f"user:{drill_world.poor}"}
	assert all(msg["is_exercise"] for _, msg in drill.popups)
	incident = frappe.db.get_value(
		"Emergency Call", drill.calls[drill_world.good][(FIRE_SCENARIO, 1)], "incident"
	)
	assert frappe.db.get_value("Incident", incident, "is_exercise") == 1
	assert set(frappe.get_all("Dispatch", {"incident": incident}, pluck="is_exercise")) == {1}

	scores = {(r["trainee"], r["scenario"]): r for r in drill.results}
	good_fire = scores[(drill_world.good, FIRE_SCENARIO)]
	assert good_fire["total_score"] == 100, good_fire["components"]
	assert good_fire["passed"]
	assert good_fire["incident"] == incident
	assert scores[(drill_world.good, PRANK_SCENARIO)]["total_score"] == 100
	poor_fire = json.loads(scores[(drill_world.poor, FIRE_SCENARIO)]["components"])
	assert poor_fire["class"] == 1 and poor_fire["incident_type"] == 0 and poor_fire["agencies"] == 0.5
	assert poor_fire["location"] == 0  # never asked where: the incident has no position
	assert not scores[(drill_world.poor, FIRE_SCENARIO)]["passed"]
	poor_prank = scores[(drill_world.poor, PRANK_SCENARIO)]
	assert json.loads(poor_prank["components"])["class"] == 0 and not poor_prank["passed"]
	timeline = [e.get("event") for e in json.loads(good_fire["timeline"]) if "event" in e]
	assert (
		timeline[0] == "Rang"
		and timeline[1] == "Answered"
		and any(e.startswith("Dispatched") for e in timeline)
	)


def test_agencies_never_hear_of_a_drill_unless_the_trainer_includes_them(drill_world):
	def notifications():
		return frappe.db.count(
			"Notification Log", {"for_user": drill_world.member, "document_type": "Dispatch"}
		)

	for include, heard in ((0, 0), (1, 1)):
		before = notifications()
		session = new_session(drill_world, [drill_world.good], [FIRE_SCENARIO], notify_agencies=include)
		training_api.start_session(session.name)
		frappe.set_user(drill_world.good)
		call = calls_of(session.name, drill_world.good)[(FIRE_SCENARIO, 1)]
		handle_fire(drill_world, call, ("Fire",))
		frappe.set_user("Administrator")
		assert notifications() - before == heard
		# Nor do they see it: the drill's dispatch and incident are outside their scope unless included.
		incident = frappe.db.get_value("Emergency Call", call, "incident")
		assert frappe.db.count("Dispatch", {"incident": incident}) == 1
		frappe.set_user(drill_world.member)
		assert len(frappe.get_list("Dispatch", filters={"incident": incident})) == heard
		assert len(frappe.get_list("Incident", filters={"name": incident})) == heard
		frappe.set_user("Administrator")


def test_later_calls_of_a_multi_call_scenario_score_the_link_to_the_first_calls_incident(drill_world):
	session = new_session(drill_world, [drill_world.good], [MARKET_FIRE])
	training_api.start_session(session.name)
	calls = calls_of(session.name, drill_world.good)
	assert len(calls) == 3
	frappe.set_user(drill_world.good)
	first = calls[(MARKET_FIRE, 1)]
	training_api.answer_call(first)
	intake_api.create_incident(first, "Fire")
	incident = frappe.db.get_value("Emergency Call", first, "incident")
	training_api.answer_call(calls[(MARKET_FIRE, 2)])
	intake_api.link_incident(calls[(MARKET_FIRE, 2)], incident)  # linked: right
	training_api.answer_call(calls[(MARKET_FIRE, 3)])
	intake_api.create_incident(calls[(MARKET_FIRE, 3)], "Fire")  # a second incident: wrong
	frappe.set_user(drill_world.trainer)
	results = {
		r["call_no"]: json.loads(r["components"]) for r in training_api.end_session(session.name)["results"]
	}
	assert results[1]["duplicate"] is None
	assert results[2]["duplicate"] == 1 and results[3]["duplicate"] == 0


def test_only_a_planned_session_starts_and_only_its_trainer_side_may_start_it(drill_world):
	session = new_session(drill_world, [drill_world.good], [PRANK_SCENARIO])
	frappe.set_user(drill_world.good)  # an operator may read a session, not start it
	with pytest.raises(frappe.PermissionError):
		training_api.start_session(session.name)
	frappe.set_user(drill_world.trainer)
	training_api.start_session(session.name)
	with pytest.raises(frappe.ValidationError):
		training_api.start_session(session.name)


def test_a_pbx_call_id_never_makes_a_live_call_an_exercise():
	from ambon_112.intake.telephony import receive

	call = receive({"call_id": f"LATIHAN-{unique('x')}", "event": "ringing", "caller": "081234567890"})[
		"call"
	]
	assert frappe.db.get_value("Emergency Call", call, "is_exercise") == 0


# ---------------------------------------------------------------- quality review of live calls

REVIEW_DAY = date(2041, 3, 14)


def test_the_daily_sample_reviews_the_share_of_live_calls_spread_over_operators_reproducibly():
	operators = [make_user([OPERATOR]) for _ in range(3)]
	for i in range(150):
		received = datetime.combine(REVIEW_DAY, datetime.min.time()) + timedelta(minutes=9 * i)
		make_call(
			received_at=received, answered_at=received + timedelta(seconds=8), operator=operators[i % 3]
		)
	drills = [
		make_call(
			received_at=datetime.combine(REVIEW_DAY, datetime.min.time()),
			answered_at=datetime.combine(REVIEW_DAY, datetime.min.time()),
			is_exercise=1,
		)
		for _ in range(20)
	]
	frappe.db.set_single_value("Training Settings", "review_share_percent", 2)
	created = review_sampling.sample_day(REVIEW_DAY)
	assert len(created) == 3  # 2 % of 150 live calls; the 20 drill calls are never sampled
	assert not set(created) & {d.name for d in drills}
	reviews = frappe.get_all("Call Review", {"call": ("in", created)}, ["operator", "sample_seed", "status"])
	assert {r.operator for r in reviews} == set(operators)
	assert {r.status for r in reviews} == {"Draft"} and len({r.sample_seed for r in reviews}) == 1
	assert review_sampling.sample_day(REVIEW_DAY) == []  # a second run adds nothing
	# the same seed draws the same sample again
	frappe.db.delete("Call Review", {"call": ("in", created)})
	assert review_sampling.sample_day(REVIEW_DAY) == created


def test_a_review_is_scored_from_its_checklist_and_shows_in_the_coverage_report():
	operator = make_user([OPERATOR])
	received = datetime.combine(REVIEW_DAY, datetime.min.time()) + timedelta(hours=3)
	make_call(received_at=received, answered_at=received + timedelta(seconds=5), operator=operator)
	[call] = review_sampling.sample_day(REVIEW_DAY) or [None]
	frappe.set_user(make_user([SUPERVISOR]))
	review = frappe.get_doc("Call Review", {"call": call})
	for row in review.items:
		row.met = int(row.weight >= 2)  # location, questions, classification, time to dispatch: 8 of 10
	review.status = "Done"
	review.save()
	assert review.score == 80.0
	frappe.set_user("Administrator")
	_columns, rows = call_review_coverage.execute({"year": REVIEW_DAY.year})
	row = next(r for r in rows if r["operator"] == operator)
	assert row["month"] == "2041-03" and row["calls"] == 1 and row["reviewed"] == 1 and row["coverage"] == 100
	assert row["average_score"] == 80.0


# ---------------------------------------------------------------- training record


def test_the_training_record_counts_hours_and_results_and_who_is_behind(drill_world):
	drill = run_drill(drill_world)
	frappe.db.set_value(
		"Exercise Session",
		drill.session,
		{"started_at": "2040-05-01 08:00:00", "ended_at": "2040-05-01 10:30:00"},
	)
	_columns, rows = training_record.execute({"year": 2040})
	by_operator = {r["operator"]: r for r in rows}
	good, poor = by_operator[drill_world.good], by_operator[drill_world.poor]
	assert good["sessions"] == 1 and good["hours"] == 2.5 and good["passed"] == 2 and good["failed"] == 0
	assert poor["passed"] == 0 and poor["failed"] == 2
	assert good["behind"] == 1 and good["target_hours"] == 24
	frappe.db.set_single_value("Training Settings", "annual_target_hours", 2)
	assert {r["operator"]: r["behind"] for r in training_record.execute({"year": 2040})[1]}[
		drill_world.good
	] == 0


# ---------------------------------------------------------------- never in the KPIs

KPI_DAY = date(2042, 6, 17)
KPI_NOW = datetime(2042, 6, 17, 15, 0)
REPORTS = (call_answer_time, call_classes, call_processing_time, incidents_by_area, response_time_by_agency)


def kpis() -> dict:
	"""Every KPI the command centre shows: number cards, dashboard charts, reports over the day."""
	cards = {}
	for card in frappe.get_all("Number Card", {"module": "Command Centre"}, pluck="name"):
		doc = frappe.get_doc("Number Card", card)
		if doc.type == "Custom":
			cards[card] = frappe.get_attr(doc.method)(doc.filters_json)
		else:
			cards[card] = get_result(doc.as_dict(), json.loads(doc.filters_json or "[]"))
	charts = {
		"per_hour": dashboard_api.calls_per_hour(chart_name="Calls in the Last 24 Hours", refresh=1),
		"by_class": dashboard_api.calls_today_by_class(),
		"by_type": dashboard_api.incidents_this_week_by_type(),
		"by_kecamatan": dashboard_api.incidents_this_month_by_kecamatan(),
	}
	filters = {"from_date": str(KPI_DAY), "to_date": str(KPI_DAY)}
	reports = {r.__name__: r.execute(frappe._dict(filters))[:2] for r in REPORTS}
	return json.loads(frappe.as_json({"cards": cards, "charts": charts, "reports": reports}))


def test_every_kpi_gives_identical_numbers_with_and_without_a_day_of_drills(drill_world):
	with frozen_at(KPI_NOW - timedelta(hours=6)):  # a day of live work
		live_operator = make_user([OPERATOR])
		frappe.set_user(live_operator)
		for minutes in range(0, 300, 20):
			received = KPI_NOW - timedelta(hours=7, minutes=minutes)
			make_call(received_at=received, answered_at=received + timedelta(seconds=minutes % 30))
		received = KPI_NOW - timedelta(hours=6)
		live = make_call(
			received_at=received, answered_at=received, latitude=BATU_MERAH[0], longitude=BATU_MERAH[1]
		)
		intake_api.create_incident(live.name, "Fire")
		incident = frappe.db.get_value("Emergency Call", live.name, "incident")
		dispatch_api.dispatch_units(incident, agencies=[drill_world.agencies["Fire"]])
		frappe.set_user("Administrator")
	with frozen_at(KPI_NOW):
		without = kpis()
	with frozen_at(KPI_NOW - timedelta(hours=2)):
		drill = run_drill(drill_world)
		market = new_session(drill_world, [drill_world.good], [MARKET_FIRE, "Panggilan diam"])
		training_api.start_session(market.name)  # rung and never answered
	frappe.set_user("Administrator")
	exercise_calls = frappe.db.count(
		"Emergency Call", {"is_exercise": 1, "received_at": (">=", str(KPI_DAY))}
	)
	assert exercise_calls >= 8 and drill.results  # the drills really happened in the KPIs' window
	with frozen_at(KPI_NOW):
		assert kpis() == without
