"""Field updates made offline: press times, the order they apply in, status outcomes, SMS codes."""

from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core import field_updates as fu
from ambon_112.core.incident_states import DISPATCH_PROGRESS

NOW = datetime(2026, 11, 30, 10, 0, 0)
DISPATCHED = NOW - timedelta(minutes=20)


def test_press_time_reads_epoch_milliseconds_as_wit():
	# 2026-11-30 01:00:00 UTC is 10:00 in Ambon (UTC+9)
	ms = 1796000400000
	assert fu.press_time(ms, "Asia/Jayapura") == datetime(2026, 11, 30, 10, 0, 0)
	assert fu.press_time(str(ms), "Asia/Jayapura") == datetime(2026, 11, 30, 10, 0, 0)


@pytest.mark.parametrize("bad", [None, "", "abc", "nan", "inf", -5, 0, 1e20])
def test_an_unreadable_press_time_is_refused(bad):
	with pytest.raises(fu.PressTimeError) as e:
		fu.press_time(bad, "Asia/Jayapura")
	assert e.value.params["reason"] == "unreadable"


def test_press_time_in_the_future_beyond_the_skew_is_refused():
	fu.check_press_time(NOW + timedelta(seconds=119), NOW, DISPATCHED, 120)
	with pytest.raises(fu.PressTimeError) as e:
		fu.check_press_time(NOW + timedelta(seconds=121), NOW, DISPATCHED, 120)
	assert e.value.params["reason"] == "future"


def test_press_time_before_the_dispatch_is_refused():
	fu.check_press_time(DISPATCHED, NOW, DISPATCHED, 120)
	with pytest.raises(fu.PressTimeError) as e:
		fu.check_press_time(DISPATCHED - timedelta(seconds=1), NOW, DISPATCHED, 120)
	assert e.value.params["reason"] == "before_dispatch"


@given(st.integers(min_value=-3600, max_value=3600))
def test_no_stamp_lies_in_the_future(offset):
	pressed = NOW + timedelta(seconds=offset)
	assert fu.effective_press_time(pressed, NOW) <= NOW
	assert fu.effective_press_time(pressed, NOW) == (pressed if offset <= 0 else NOW)


def test_delivered_late_after_the_skew():
	assert not fu.delivered_late(NOW - timedelta(seconds=60), NOW, 120)
	assert fu.delivered_late(NOW - timedelta(seconds=121), NOW, 120)


@given(
	st.sampled_from(DISPATCH_PROGRESS + ("Cancelled",)),
	st.sampled_from(fu.CREW_STATUSES),
)
def test_a_status_never_moves_backwards_nor_twice(current, requested):
	outcome = fu.status_outcome(current, requested)
	if current == "Cancelled":
		assert outcome == fu.KEPT_AS_NOTE
	elif DISPATCH_PROGRESS.index(requested) > DISPATCH_PROGRESS.index(current):
		assert outcome == fu.APPLIED
	else:
		assert outcome == fu.ALREADY_RECORDED


def test_the_same_step_pressed_twice_is_recorded_once():
	assert fu.status_outcome("On Scene", "On Scene") == fu.ALREADY_RECORDED
	assert fu.status_outcome("On Scene", "En Route") == fu.ALREADY_RECORDED
	assert fu.status_outcome("En Route", "On Scene") == fu.APPLIED


@given(st.lists(st.integers(min_value=1, max_value=10**13), max_size=30))
def test_updates_apply_in_press_order_stable_for_equal_times(times):
	updates = [{"pressed_at": t, "seq": i} for i, t in enumerate(times)]
	ordered = fu.in_press_order(updates)
	keys = [(u["pressed_at"], u["seq"]) for u in ordered]
	assert keys == sorted(keys)


@pytest.mark.parametrize(
	"value,ok",
	[
		("5f0c1d2e-3a4b-4c5d-8e9f-0a1b2c3d4e5f", True),
		("sms:abc12345", True),
		("short", False),
		("x" * 65, False),
		("<script>alert(1)</script>", False),
		(None, False),
		(12345678, False),
	],
)
def test_client_ids(value, ok):
	assert fu.valid_client_id(value) is ok


@pytest.mark.parametrize("meaning", list(fu.SMS_CODES.values()))
def test_sms_text_parses_back(meaning):
	text = fu.sms_text("DSP-2026-00017", meaning)
	report = fu.parse_sms(text)
	assert (report.dispatch, report.meaning) == ("DSP-2026-00017", meaning)


def test_sms_text_shape():
	assert fu.sms_text("DSP-2026-00017", "On Scene") == "112 DSP-2026-00017 OS"


@given(
	st.sampled_from(list(fu.SMS_CODES)),
	st.integers(min_value=2000, max_value=2999),
	st.integers(min_value=1, max_value=99999),
	st.sampled_from([" ", "  ", "\t", " \n"]),
	st.booleans(),
)
def test_sms_forgives_spacing_and_case_only(code, year, number, space, lower):
	dispatch = f"DSP-{year}-{number:05d}"
	text = f"{space}112{space}{dispatch}{space}{code}{space}"
	if lower:
		text = text.lower()
	report = fu.parse_sms(text)
	assert report == fu.SmsReport(dispatch, code)


@pytest.mark.parametrize(
	"text,reason",
	[
		("", "words"),
		("112 DSP-2026-00017", "words"),
		("112 DSP-2026-00017 OS please", "words"),
		("113 DSP-2026-00017 OS", "prefix"),
		("112 INC-2026-00017 OS", "dispatch"),
		("112 DSP-26-00017 OS", "dispatch"),
		("112 DSP-2026-00017 XX", "code"),
		("112 DSP-2026-00017 O5", "code"),
		("112,DSP-2026-00017,OS", "words"),
	],
)
def test_malformed_sms_is_refused_with_its_reason(text, reason):
	with pytest.raises(fu.SmsFormatError) as e:
		fu.parse_sms(text)
	assert e.value.params["reason"] == reason


@given(st.text(max_size=60))
def test_any_text_either_parses_to_a_known_code_or_is_refused(text):
	try:
		report = fu.parse_sms(text)
	except fu.SmsFormatError:
		return
	assert report.code in fu.SMS_CODES and report.dispatch.startswith("DSP-")
