"""A drill in headless Chromium: the trainer follows it on the Drill Console, the trainee gets the
drill call as a pop-up through the real intake, picks it up, classifies, triages and dispatches in
the desk, the trainer ends the drill from the console and the score is computed; the trainee then
reads the replay of what they did beside what was expected, with the trainer's remarks. A live call
arriving during the drill pops up on top and pauses it. Screenshots in test-artifacts/training/."""

import json
import time

import frappe
import pytest
import requests
from frappe.translate import get_all_translations

from ambon_112.roles import OPERATOR, TRAINER
from ambon_112.tests.utils import BATU_MERAH, make_agency, make_api_user, make_user, unique
from tests.bench import REPO, login
from tests.integration.test_agency_portal_browser import NEEDS_CHROMIUM, log_in

SHOTS = REPO / "test-artifacts" / "training"
FIRE = "Kebakaran rumah di Batu Merah"
WEBHOOK = "/api/method/ambon_112.api.telephony.call_event"
POPUP = ".modal.show"

pytestmark = [pytest.mark.http, NEEDS_CHROMIUM]


@pytest.fixture(scope="module")
def drill(site):
	setup_complete = frappe.db.get_single_value("System Settings", "setup_complete")
	frappe.db.set_single_value("System Settings", "setup_complete", 1)
	trainer, trainee = make_user([TRAINER]), make_user([OPERATOR])
	agencies = {t: make_agency(t) for t in ("Fire", "Police")}
	_, key, secret = make_api_user()
	session = frappe.get_doc(
		{
			"doctype": "Exercise Session",
			"title": unique("Latihan kebakaran"),
			"trainer": trainer,
			"trainees": [{"trainee": trainee}],
			"scenarios": [{"scenario": FIRE}],
		}
	)
	session.insert(ignore_permissions=True)
	frappe.db.set_value("Exercise Session", session.name, "owner", trainer)
	frappe.db.commit()
	yield frappe._dict(
		trainer=trainer, trainee=trainee, agencies=agencies, session=session.name, pbx=f"token {key}:{secret}"
	)
	frappe.db.set_single_value("System Settings", "setup_complete", setup_complete)
	frappe.db.commit()


def desk(chromium, base, user, landing):
	context = chromium.new_context(viewport={"width": 1440, "height": 1000}, timezone_id="Asia/Jayapura")
	page = log_in(context, base, user, landing, timeout_ms=60_000)
	page.wait_for_function("() => window.frappe?.realtime?.socket?.connected")
	return page


def tr(text: str) -> str:
	return get_all_translations("id").get(text, text)


def click_button(page, label: str):
	"""A form's button (also one in a group), by its label as the desk shows it."""
	page.wait_for_function("(label) => cur_frm && cur_frm.custom_buttons[__(label)]", arg=label)
	page.evaluate("(label) => cur_frm.custom_buttons[__(label)].trigger('click')", label)


def pick_link(page, fieldname: str, value: str, typed: str | None = None):
	"""Type into a Link (or pills) field of the open dialog and choose the suggestion; a translated
	DocType (Incident Type) is searched by its Indonesian label."""
	field = page.locator(f'{POPUP} [data-fieldname="{fieldname}"] input').first
	field.click()
	field.press_sequentially(typed or value, delay=50)
	options = page.locator(f'{POPUP} [data-fieldname="{fieldname}"] [role="option"]').filter(
		has_text=tr(value) if typed else value
	)
	page.wait_for_timeout(1500)  # the search of the whole text, not of a prefix typed on the way
	options.first.wait_for(timeout=20_000)
	options.first.click()
	if typed:  # a Link: its value is the name behind the label
		page.wait_for_function(
			"([f, v]) => cur_dialog && cur_dialog.get_value(f) === v", arg=[fieldname, value]
		)


def test_a_trainee_handles_a_drill_call_in_the_desk_and_is_scored(live_web, chromium, drill):
	trainee = desk(chromium, live_web, drill.trainee, "/app/emergency-call")
	trainee.wait_for_function("() => frappe.realtime.socket.listeners('ambon112_incoming_call').length > 0")
	console = desk(chromium, live_web, drill.trainer, f"/app/drill-console/{drill.session}")
	console.wait_for_selector(".drill-script .drill-says")
	assert console.inner_text(".drill-script .drill-says").startswith("Tolong! Rumah tetangga terbakar")
	console.click(".drill-next")  # the next line to read aloud
	assert "Masjid Raya Al-Fatah" in console.inner_text(".drill-script .drill-says")

	trainer = login(live_web, drill.trainer)
	started = trainer.post(
		f"{live_web}/api/method/ambon_112.api.training.start_session", data={"session": drill.session}
	)
	assert started.ok, started.text
	[call] = started.json()["message"]["calls"]

	# the drill call pops up on the trainee's desk, marked LATIHAN
	trainee.wait_for_selector(f"{POPUP} .ambon112-latihan", timeout=15_000)
	assert "081200000101" in trainee.inner_text(f"{POPUP} .modal-body")
	trainee.screenshot(path=str(SHOTS / "01-drill-pop-up.png"))
	trainee.locator(f"{POPUP} .modal-footer .btn-primary").click()  # Open Call
	trainee.wait_for_function("(call) => window.cur_frm && cur_frm.doc.name === call", arg=call)
	click_button(trainee, "Answer Drill Call")
	trainee.wait_for_function("() => cur_frm.doc.call_state === 'Answered'")
	# the pick-up is the PBX's "answered" event: its pop-up comes too, and leads to this same call
	trainee.locator(".modal.show.ambon112-drill-popup .modal-footer .btn-primary").click()
	trainee.wait_for_selector(".modal.show", state="detached", timeout=10_000)
	# The caller says where: the operator drops the map pin there (the pin sets the coordinates).
	trainee.evaluate(
		"([lat, lng]) => cur_frm.set_value({latitude: lat, longitude: lng, location_source: 'Map Pin'})",
		[BATU_MERAH[0] + 0.0009, BATU_MERAH[1]],
	)
	click_button(trainee, "Emergency")
	trainee.wait_for_function("() => window.cur_dialog && cur_dialog.fields_dict.incident_type")
	pick_link(trainee, "incident_type", "Fire", typed=tr("Fire"))
	trainee.locator(f"{POPUP} .modal-footer .btn-primary").click()  # Triage and Create Incident
	# the triage questions of the type: nobody unconscious, the caller says
	unconscious = frappe.db.get_value(
		"Triage Question", {"question": "Apakah ada orang yang tidak sadar atau tidak bernapas?"}
	)
	trainee.wait_for_selector(f'{POPUP} select[data-fieldname="{unconscious}"]')
	trainee.select_option(f'{POPUP} select[data-fieldname="{unconscious}"]', "No")
	trainee.locator(f"{POPUP} .modal-footer .btn-primary").click()  # Done
	try:
		trainee.wait_for_function("() => cur_frm.doc.incident", timeout=30_000)
	except Exception:
		trainee.screenshot(path=str(SHOTS / "failed-incident.png"))
		raise AssertionError(
			[m.inner_text() for m in trainee.query_selector_all(".modal.show, .alert")]
		) from None
	incident = trainee.evaluate("() => cur_frm.doc.incident")
	trainee.screenshot(path=str(SHOTS / "02-call-classified.png"))

	console.wait_for_function(
		"(text) => [...document.querySelectorAll('.drill-class')].some((e) => e.innerText.includes(text))",
		arg=tr("Emergency"),
		timeout=20_000,
	)  # the trainer sees it live

	trainee.goto(f"{live_web}/app/incident/{incident}")
	trainee.wait_for_function("(name) => window.cur_frm && cur_frm.doc.name === name", arg=incident)
	click_button(trainee, "Dispatch Units")
	trainee.wait_for_function("() => window.cur_dialog && cur_dialog.fields_dict.agencies")
	# the agencies to send, as the pills field holds them once picked from its list
	trainee.evaluate("(names) => cur_dialog.set_value('agencies', names)", list(drill.agencies.values()))
	trainee.wait_for_function("(n) => cur_dialog.get_value('agencies').length === n", arg=len(drill.agencies))
	trainee.locator(f"{POPUP} .modal-footer .btn-primary").click()  # Dispatch
	trainee.wait_for_function(
		"(n) => frappe.db.count('Dispatch', {filters: {incident: cur_frm.doc.name}}).then((c) => c >= n)",
		arg=2,
	)
	console.wait_for_function(
		"(agency) => document.querySelector('.drill-dispatched')?.innerText.includes(agency)",
		arg=drill.agencies["Police"],
		timeout=20_000,
	)
	console.screenshot(path=str(SHOTS / "03-console-live.png"), full_page=True)

	# the trainer ends the drill from the console at any time; the score is computed
	console.locator(".page-actions .primary-action").click()
	console.locator(f"{POPUP} .modal-footer .btn-primary").click()  # confirm
	console.wait_for_selector(".drill-score .indicator", timeout=30_000)
	console.screenshot(path=str(SHOTS / "04-console-scored.png"), full_page=True)
	frappe.db.rollback()
	result = frappe.get_all(
		"Exercise Result",
		{"parent": drill.session, "call": call},
		["name", "total_score", "passed", "components", "incident"],
	)[0]
	parts = json.loads(result.components)
	assert result.incident == incident and result.passed
	for part in ("class", "incident_type", "priority", "triage", "location", "agencies"):
		assert parts[part] == 1, (part, parts)
	assert result.total_score >= 70, parts
	assert tr("Passed") in console.inner_text(".drill-score") or "%" in console.inner_text(".drill-score")

	# the trainer's remark, and the trainee's replay beside the expected outcome
	frappe.db.set_value("Exercise Result", result.name, "remarks", "Lokasi dikonfirmasi dengan baik.")
	frappe.db.commit()
	trainee.goto(f"{live_web}/app/exercise-session/{drill.session}")
	trainee.wait_for_selector(".drill-replay")
	replay = trainee.inner_text(".drill-replay")
	assert "Lokasi dikonfirmasi dengan baik." in replay
	done = trainee.inner_text(".drill-replay .drill-done")
	for step in ("Rang", "Answered", "Classified", "Dispatched"):
		assert tr(step) in done, (step, done)
	assert drill.agencies["Police"] in done
	assert tr("Answer within") in trainee.inner_text(".drill-replay .drill-expected")
	trainee.screenshot(path=str(SHOTS / "05-replay.png"), full_page=True)
	assert not trainee.errors and not console.errors, trainee.errors + console.errors


def test_a_live_call_pops_up_on_top_of_a_drill_and_pauses_it(live_web, chromium, drill):
	session = frappe.get_doc(
		{
			"doctype": "Exercise Session",
			"title": unique("Latihan"),
			"trainer": drill.trainer,
			"trainees": [{"trainee": drill.trainee}],
			"scenarios": [{"scenario": FIRE}],
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	trainee = desk(chromium, live_web, drill.trainee, "/app/emergency-call")
	trainee.wait_for_function("() => frappe.realtime.socket.listeners('ambon112_incoming_call').length > 0")
	frappe.set_user("Administrator")
	from ambon_112.training import drill as drill_module

	drill_module.start(session.name)
	frappe.db.commit()
	trainee.wait_for_selector(f"{POPUP}.ambon112-drill-popup", timeout=15_000)
	number = f"0813{int(time.time() * 1000) % 10**8:08d}"
	response = requests.post(
		f"{live_web}{WEBHOOK}",
		data={"call_id": unique("pbx"), "event": "ringing", "caller": number, "agent": drill.trainee},
		headers={"Authorization": drill.pbx},
		timeout=60,
	)
	assert response.ok, response.text
	trainee.wait_for_selector(f"{POPUP}.ambon112-live-popup", timeout=15_000)
	# the live pop-up is the one on top: the last modal shown, over the drill's
	on_top = trainee.evaluate(
		"() => { const shown = [...document.querySelectorAll('.modal.show')];"
		" return shown[shown.length - 1].classList.contains('ambon112-live-popup'); }"
	)
	assert on_top
	assert number in trainee.inner_text(".ambon112-live-popup .modal-body")
	trainee.screenshot(path=str(SHOTS / "06-live-on-top.png"))
	frappe.db.rollback()
	assert frappe.db.get_value("Exercise Session Trainee", {"parent": session.name}, "paused") == 1
	assert not trainee.errors, trainee.errors
