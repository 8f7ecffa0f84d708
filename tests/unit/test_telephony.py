import itertools
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.telephony import (
	ANSWERED,
	ENDED,
	EVENTS,
	MISSED,
	RINGING,
	TRANSFERRED,
	CallEvent,
	CallTimes,
	InvalidCallEvent,
	fold,
	merge,
	parse_event,
	sign,
	signature_valid,
)

NOW = datetime(2026, 2, 14, 3, 0, 0, tzinfo=timezone.utc)
T0 = NOW - timedelta(minutes=2)


def at(seconds: int) -> datetime:
	return T0 + timedelta(seconds=seconds)


def test_parse_an_asterisk_style_form_post():
	event = parse_event(
		{
			"call_id": "1771038000.42",
			"event": "ANSWER",
			"caller": "081243551234",
			"agent": "201",
			"timestamp": str(int(NOW.timestamp()) - 55),
		},
		NOW,
	)
	assert event == CallEvent(
		"1771038000.42", ANSWERED, datetime(2026, 2, 14, 2, 59, 5, tzinfo=timezone.utc), "081243551234", "201"
	)


def test_iso_timestamps_need_an_offset_and_missing_ones_mean_now():
	event = parse_event({"call_id": "c1", "event": "ringing", "timestamp": "2026-02-14T11:59:00+09:00"}, NOW)
	assert event.at == datetime(2026, 2, 14, 2, 59, tzinfo=timezone.utc)
	assert parse_event({"call_id": "c1", "event": "ringing"}, NOW).at == NOW
	with pytest.raises(InvalidCallEvent):
		parse_event({"call_id": "c1", "event": "ringing", "timestamp": "2026-02-14T11:59:00"}, NOW)


@pytest.mark.parametrize(
	"payload, field",
	[
		({"event": "ringing"}, "call_id"),
		({"call_id": "", "event": "ringing"}, "call_id"),
		({"call_id": "a b", "event": "ringing"}, "call_id"),
		({"call_id": "x" * 141, "event": "ringing"}, "call_id"),
		({"call_id": "<script>", "event": "ringing"}, "call_id"),
		({"call_id": "c1", "event": "exploded"}, "event"),
		({"call_id": "c1"}, "event"),
		({"call_id": "c1", "event": "ringing", "caller": "0" * 65}, "caller"),
		({"call_id": "c1", "event": "ringing", "caller": "0812\n"}, None),
		({"call_id": "c1", "event": "answered", "agent": "201; drop"}, "agent"),
		({"call_id": "c1", "event": "ringing", "timestamp": "kemarin"}, "timestamp"),
		({"call_id": "c1", "event": "ringing", "timestamp": "1"}, "timestamp"),
		(
			{"call_id": "c1", "event": "ringing", "timestamp": str(int(NOW.timestamp()) + 2 * 86400)},
			"timestamp",
		),
	],
)
def test_malformed_events_are_refused_naming_the_field(payload, field):
	if field is None:  # a trailing newline is trimmed, not an error
		assert parse_event(payload, NOW).caller == "0812"
		return
	with pytest.raises(InvalidCallEvent) as error:
		parse_event(payload, NOW)
	assert error.value.params["field"] == field


def test_not_a_mapping_is_refused():
	with pytest.raises(InvalidCallEvent):
		parse_event(["call_id", "c1"], NOW)


def test_a_normal_call():
	times = fold(
		[
			CallEvent("c", RINGING, at(0), "0812"),
			CallEvent("c", ANSWERED, at(7), agent="201"),
			CallEvent("c", ENDED, at(67)),
		]
	)
	assert (times.received_at, times.answered_at, times.ended_at) == (at(0), at(7), at(67))
	assert (times.agent, times.caller) == ("201", "0812")


def test_ended_before_answered_loses_nothing():
	events = [
		CallEvent("c", ENDED, at(67)),
		CallEvent("c", ANSWERED, at(7), agent="201"),
		CallEvent("c", RINGING, at(0)),
	]
	times = fold(events)
	assert (times.received_at, times.answered_at, times.ended_at) == (at(0), at(7), at(67))


def test_a_transfer_moves_the_call_to_the_later_agent_whatever_the_order():
	answered = CallEvent("c", ANSWERED, at(5), agent="201")
	transferred = CallEvent("c", TRANSFERRED, at(40), agent="305")
	for order in ([answered, transferred], [transferred, answered]):
		times = fold(order)
		assert (times.agent, times.transferred_at, times.answered_at) == ("305", at(40), at(5))


def test_missed_call_has_an_end_but_no_answer():
	times = fold([CallEvent("c", RINGING, at(0)), CallEvent("c", MISSED, at(30))])
	assert times.answered_at is None and times.ended_at == at(30)


def test_a_replayed_event_changes_nothing():
	once = merge(CallTimes(), CallEvent("c", ANSWERED, at(7), agent="201"))
	assert merge(once, CallEvent("c", ANSWERED, at(7), agent="201")) == once


def test_the_first_caller_number_is_never_overwritten_by_an_empty_one():
	times = fold([CallEvent("c", RINGING, at(0), "0812"), CallEvent("c", ENDED, at(9), None)])
	assert times.caller == "0812"


events = st.builds(
	CallEvent,
	call_id=st.just("c"),
	kind=st.sampled_from(EVENTS),
	at=st.integers(min_value=0, max_value=600).map(at),
	caller=st.just("0812"),
	agent=st.one_of(st.none(), st.sampled_from(["201", "202", "305"])),
)


@given(st.lists(events, min_size=1, max_size=8), st.randoms())
def test_fuzz_any_order_and_any_replay_gives_the_same_call(batch, random):
	reference = fold(batch)
	shuffled = batch + random.sample(batch, k=min(len(batch), 3))  # some events twice
	random.shuffle(shuffled)
	assert fold(shuffled) == reference


@given(st.lists(events, min_size=1, max_size=6))
def test_fuzz_timestamps_are_never_lost(batch):
	times = fold(batch)
	assert times.received_at == min(e.at for e in batch)
	answers = [e.at for e in batch if e.kind == ANSWERED]
	assert times.answered_at == (min(answers) if answers else None)
	ends = [e.at for e in batch if e.kind in ("ended", "missed", "abandoned")]
	assert times.ended_at == (max(ends) if ends else None)


def test_all_permutations_of_a_small_call_agree():
	batch = [
		CallEvent("c", k, at(i * 10), agent="201")
		for i, k in enumerate((RINGING, ANSWERED, TRANSFERRED, ENDED))
	]
	results = {fold(p) for p in itertools.permutations(batch)}
	assert len(results) == 1


# ---------------------------------------------------------------- HMAC


def test_signature_is_hmac_sha256_of_the_raw_body():
	# Known answer: RFC 4231 test case 2 (key "Jefe").
	body = b"what do ya want for nothing?"
	assert sign("Jefe", body) == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
	assert signature_valid("Jefe", body, sign("Jefe", body))
	assert signature_valid("Jefe", body, sign("Jefe", body).upper().replace("SHA256", "sha256"))


@pytest.mark.parametrize("header", [None, "", "sha256=", "sha256=00", 42, "md5=abc"])
def test_a_missing_or_wrong_signature_is_refused(header):
	assert not signature_valid("Jefe", b"{}", header)


def test_a_signature_for_another_body_is_refused():
	assert not signature_valid("Jefe", b'{"event":"ended"}', sign("Jefe", b'{"event":"ringing"}'))
