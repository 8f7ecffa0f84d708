"""Updates a crew made offline, delivered later over HTTP: applied exactly once, in press order, each
status stamped with its press time; conflicts follow the rules, never last-write-wins."""

import base64
import json
import threading
from datetime import timedelta
from zoneinfo import ZoneInfo

import frappe
import pytest
from frappe.utils import get_datetime, get_system_timezone, now_datetime

from ambon_112.dispatch import status as dispatch_status
from ambon_112.roles import AGENCY_STAFF, OPERATOR
from ambon_112.tests.utils import make_agency, make_dispatch, make_incident, make_unit, make_user
from tests.bench import login

pytestmark = pytest.mark.http

SYNC = "ambon_112.api.agency_portal.sync_updates"
PNG = bytes.fromhex(
	"89504e470d0a1a0a0000000d4948445200000001000000010806000000"
	"1f15c4890000000d49444154789c6360000002000005000157a0ad2a0000000049454e44ae426082"
)


def epoch_ms(moment) -> int:
	return int(moment.replace(tzinfo=ZoneInfo(get_system_timezone())).timestamp() * 1000)


@pytest.fixture(scope="module")
def crew(site):
	agency, other = make_agency("Fire"), make_agency("Police")
	users = {
		"lead": make_user([AGENCY_STAFF], agency=agency),
		"second": make_user([AGENCY_STAFF], agency=agency),
		"stranger": make_user([AGENCY_STAFF], agency=other),
		"operator": make_user([OPERATOR]),
	}
	frappe.db.commit()
	return {"agency": agency, "users": users}


def new_dispatch(agency, minutes_ago=30):
	"""A dispatch sent ``minutes_ago``: the crew's presses since then lie between then and now."""
	dispatch = make_dispatch(make_incident().name, unit=make_unit(agency))
	sent = now_datetime() - timedelta(minutes=minutes_ago)
	frappe.db.set_value("Dispatch", dispatch.name, "dispatched_at", sent, update_modified=False)
	frappe.db.commit()
	return dispatch.name, sent


def sync(session, server, updates):
	response = session.post(f"{server}/api/method/{SYNC}", data={"updates": json.dumps(updates)}, timeout=60)
	assert response.ok, response.text
	return {a["client_id"]: a for a in response.json()["message"]}


def press(dispatch, kind, at, **fields):
	return {
		"client_id": frappe.generate_hash(length=24),
		"dispatch": dispatch,
		"kind": kind,
		"pressed_at": epoch_ms(at),
		**fields,
	}


def stored(dispatch):
	frappe.db.rollback()
	return frappe.get_doc("Dispatch", dispatch)


def logs(dispatch):
	return frappe.get_all(
		"Field Update",
		filters={"dispatch": dispatch},
		fields=["client_id", "status", "outcome", "pressed_at", "received_at", "delivered_late", "user"],
		order_by="creation asc",
	)


def test_presses_land_once_in_press_order_stamped_with_their_press_time(server, crew):
	name, sent = new_dispatch(crew["agency"])
	times = [sent + timedelta(minutes=m) for m in (1, 5, 12)]
	presses = [
		press(name, "Status", at, status=status)
		for at, status in zip(times, ("Acknowledged", "En Route", "On Scene"), strict=True)
	]
	session = login(server, crew["users"]["lead"])
	# Sent newest first (a phone's queue can be shuffled by retries): applied by press time.
	first = sync(session, server, list(reversed(presses)))
	assert [first[p["client_id"]]["outcome"] for p in presses] == ["Applied"] * 3
	doc = stored(name)
	assert doc.status == "On Scene"
	for field, at in zip(("acknowledged_at", "en_route_at", "on_scene_at"), times, strict=True):
		assert get_datetime(doc.get(field)).replace(microsecond=0) == at.replace(microsecond=0), field
	assert doc.on_scene_by == crew["users"]["lead"]
	incident = frappe.get_doc("Incident", doc.incident)
	assert get_datetime(incident.first_on_scene_at).replace(microsecond=0) == times[2].replace(microsecond=0)

	# Delivered late: flagged, with the delivery time kept beside the press time.
	rows = logs(name)
	assert [r.status for r in rows] == ["Acknowledged", "En Route", "On Scene"]
	assert all(r.delivered_late and r.received_at > r.pressed_at for r in rows)

	# The same queue sent again (the answer was lost on the way back): nothing changes.
	modified = doc.modified
	again = sync(session, server, presses)
	assert all(a["duplicate"] and a["outcome"] == "Applied" for a in again.values())
	assert len(logs(name)) == 3
	assert stored(name).modified == modified


def test_the_same_update_delivered_twice_at_once_lands_once(server, crew):
	name, sent = new_dispatch(crew["agency"])
	update = press(name, "Status", sent + timedelta(minutes=2), status="Acknowledged")
	sessions = [login(server, crew["users"]["lead"]) for _ in range(2)]
	answers = []
	threads = [
		threading.Thread(target=lambda s=s: answers.append(sync(s, server, [update]))) for s in sessions
	]
	for t in threads:
		t.start()
	for t in threads:
		t.join()
	assert len(answers) == 2
	assert {a[update["client_id"]]["outcome"] for a in answers} == {"Applied"}
	assert [a[update["client_id"]]["duplicate"] for a in answers].count(False) == 1
	assert len(logs(name)) == 1
	versions = frappe.get_all("Version", filters={"ref_doctype": "Dispatch", "docname": name})
	assert len(versions) == 1  # one status change, not two


def test_a_press_in_the_future_or_before_the_dispatch_is_refused_with_a_message(server, crew):
	name, sent = new_dispatch(crew["agency"])
	session = login(server, crew["users"]["lead"])
	future = press(name, "Status", now_datetime() + timedelta(minutes=10), status="On Scene")
	early = press(name, "Status", sent - timedelta(minutes=1), status="Acknowledged")
	answers = sync(session, server, [future, early])
	assert answers[future["client_id"]]["outcome"] == "Refused"
	assert (
		"phone's clock" in answers[future["client_id"]]["message"]
		or "jam" in answers[future["client_id"]]["message"]
	)
	assert answers[early["client_id"]]["outcome"] == "Refused"
	assert name in answers[early["client_id"]]["message"]
	assert stored(name).status == "Dispatched"
	# A few seconds ahead (the phone's clock runs fast) is taken as now, never stamped in the future.
	ahead = press(name, "Status", now_datetime() + timedelta(seconds=30), status="Acknowledged")
	assert sync(session, server, [ahead])[ahead["client_id"]]["outcome"] == "Applied"
	assert get_datetime(stored(name).acknowledged_at) <= now_datetime()


def test_status_never_moves_backwards_and_a_second_members_press_is_recorded_not_duplicated(server, crew):
	name, sent = new_dispatch(crew["agency"])
	lead, second = (login(server, crew["users"][u]) for u in ("lead", "second"))
	on_scene = press(name, "Status", sent + timedelta(minutes=10), status="On Scene")
	sync(lead, server, [on_scene])
	# The second member was offline longer: their "en route" and "on scene" arrive after.
	late_en_route = press(name, "Status", sent + timedelta(minutes=6), status="En Route")
	late_on_scene = press(name, "Status", sent + timedelta(minutes=11), status="On Scene")
	answers = sync(second, server, [late_en_route, late_on_scene])
	assert {a["outcome"] for a in answers.values()} == {"Already Recorded"}
	doc = stored(name)
	assert doc.status == "On Scene" and doc.on_scene_by == crew["users"]["lead"]
	assert get_datetime(doc.on_scene_at).replace(microsecond=0) == (sent + timedelta(minutes=10)).replace(
		microsecond=0
	)
	rows = logs(name)
	assert [(r.user, r.outcome) for r in rows] == [
		(crew["users"]["lead"], "Applied"),
		(crew["users"]["second"], "Already Recorded"),
		(crew["users"]["second"], "Already Recorded"),
	]


def test_a_dispatch_cancelled_while_the_crew_was_offline_keeps_their_press_as_a_note(server, crew):
	name, sent = new_dispatch(crew["agency"])
	frappe.set_user(crew["users"]["operator"])
	try:
		dispatch_status.move(name, "Cancelled", "Unit lain sudah di lokasi")
		frappe.db.commit()
	finally:
		frappe.set_user("Administrator")
	session = login(server, crew["users"]["lead"])
	on_scene = press(name, "Status", sent + timedelta(minutes=9), status="On Scene")
	note = press(name, "Note", sent + timedelta(minutes=10), notes="Korban dua orang")
	answers = sync(session, server, [on_scene, note])
	assert answers[on_scene["client_id"]]["outcome"] == "Kept as Note"
	assert answers[on_scene["client_id"]]["cancelled"] is True
	assert answers[note["client_id"]]["outcome"] == "Kept as Note"
	doc = stored(name)
	assert doc.status == "Cancelled" and not doc.on_scene_at
	assert "Korban dua orang" in doc.agency_notes
	assert crew["users"]["lead"] in doc.agency_notes


def test_another_agencys_dispatch_is_refused_and_unchanged(server, crew):
	name, sent = new_dispatch(crew["agency"])
	stranger = login(server, crew["users"]["stranger"])
	update = press(name, "Status", sent + timedelta(minutes=3), status="On Scene")
	answer = sync(stranger, server, [update])[update["client_id"]]
	assert answer["outcome"] == "Refused"
	assert answer["dispatch_status"] is None or answer["dispatch_status"] == "Dispatched"
	assert stored(name).status == "Dispatched"
	# The stranger cannot learn anything by replaying the crew's id either.
	lead = login(server, crew["users"]["lead"])
	mine = press(name, "Status", sent + timedelta(minutes=4), status="Acknowledged")
	sync(lead, server, [mine])
	replay = sync(stranger, server, [mine])[mine["client_id"]]
	assert replay["outcome"] == "Refused" and not replay.get("dispatch_status")


def test_the_desks_status_endpoint_takes_no_press_time_from_a_client(server, crew):
	name, sent = new_dispatch(crew["agency"])
	session = login(server, crew["users"]["lead"])
	response = session.post(
		f"{server}/api/method/ambon_112.api.dispatch.set_dispatch_status",
		data={"dispatch": name, "status": "Acknowledged", "pressed_at": str(sent)},
		timeout=30,
	)
	# Frappe drops an argument the method does not take: the step is stamped now, never backdated.
	assert response.ok, response.text
	doc = stored(name)
	assert doc.status == "Acknowledged"
	assert get_datetime(doc.acknowledged_at) > sent + timedelta(minutes=29)


def test_photos_queued_offline_are_kept_once_and_limited_in_size(server, crew):
	name, sent = new_dispatch(crew["agency"])
	session = login(server, crew["users"]["lead"])
	photo = press(
		name,
		"Photo",
		sent + timedelta(minutes=3),
		file_name="lokasi.png",
		data="data:image/png;base64," + base64.b64encode(PNG + name.encode()).decode(),
	)
	huge = press(
		name,
		"Photo",
		sent + timedelta(minutes=4),
		file_name="besar.png",
		data=base64.b64encode(PNG + b"0" * (400 * 1024)).decode(),
	)
	answers = sync(session, server, [photo, huge])
	sync(session, server, [photo])
	assert answers[photo["client_id"]]["outcome"] == "Applied"
	assert answers[huge["client_id"]]["outcome"] == "Refused"
	frappe.db.rollback()
	files = frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Dispatch", "attached_to_name": name},
		fields=["file_name", "is_private"],
	)
	assert len(files) == 1 and files[0].is_private == 1
