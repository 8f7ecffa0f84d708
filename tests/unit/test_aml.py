import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ambon_112.core.aml import AmlError, AmlReport, parse_https, parse_sms, sms_length_field


def sms(body: str) -> str:
	"""A message with a correct ``ml`` field."""
	return body + sms_length_field(body)


# Format of real handset messages (ETSI TS 103 625 clause 6), values of a caller in Batu Merah.
BATU_MERAH_BODY = (
	'A"ML=1;lt=-3.68220;lg=+128.21229;rd=14;top=20260131171748;lc=68;pm=W;'
	"si=510101234567890;ei=35123456789012;mcc=510;mnc=10"
)
BATU_MERAH_SMS = sms(BATU_MERAH_BODY)
# The example of the issue (London, 2022), with 15-digit IMSI and 14-digit IMEI.
ISSUE_SMS = (
	'A"ML=1;lt=+51.53321;lg=-0.12601;rd=14;top=20220131171748;lc=68;pm=W;'
	"si=234150123456789;ei=35123456789012;mcc=234;mnc=15;ml=126"
)


def test_the_issue_example_is_consistent_and_parses():
	report = parse_sms(ISSUE_SMS)
	assert (report.latitude, report.longitude, report.radius_m) == (51.53321, -0.12601, 14.0)
	assert report.located_at == datetime(2022, 1, 31, 17, 17, 48, tzinfo=timezone.utc)
	assert (report.confidence, report.method, report.mcc, report.mnc) == (68, "Wi-Fi", "234", "15")


def test_a_real_format_message_from_ambon():
	report = parse_sms(BATU_MERAH_SMS)
	assert report == AmlReport(
		"SMS",
		True,
		latitude=-3.6822,
		longitude=128.21229,
		radius_m=14.0,
		confidence=68,
		method="Wi-Fi",
		located_at=datetime(2026, 1, 31, 17, 17, 48, tzinfo=timezone.utc),
		imsi="510101234567890",
		imei="35123456789012",
		mcc="510",
		mnc="10",
	)


def test_ml_counts_the_whole_message_including_itself():
	assert BATU_MERAH_SMS.endswith(f";ml={len(BATU_MERAH_SMS)}")
	assert sms("x" * 5) == "xxxxx;ml=11"
	assert sms("x" * 95).endswith(";ml=102")  # the length field grows to three digits


@pytest.mark.parametrize("delta", [-1, 1, 10])
def test_a_wrong_ml_is_refused(delta):
	wrong = f"{BATU_MERAH_BODY};ml={len(BATU_MERAH_SMS) + delta}"
	with pytest.raises(AmlError) as error:
		parse_sms(wrong)
	assert error.value.params["reason"] == "length"


def test_a_truncated_message_is_refused():
	with pytest.raises(AmlError):
		parse_sms(BATU_MERAH_SMS[:-20])


@pytest.mark.parametrize(
	"body",
	[
		'A"ML=1;lt=N;lg=N;rd=N;top=20260131171748;lc=N;pm=N;si=510101234567890;ei=35123456789012;mcc=510;mnc=10',
		'A"ML=1;lt=+0.00000;lg=+0.00000;rd=N;top=20260131171748;lc=0;pm=G;mcc=510;mnc=10',
		'A"ML=1;lt=;lg=;rd=14;top=N;lc=;pm=N;mcc=510;mnc=10',
	],
)
def test_rd_n_or_pm_n_means_no_fix(body):
	report = parse_sms(sms(body))
	assert report.has_fix is False
	assert report.latitude is None and report.longitude is None
	assert report.mcc == "510"


@pytest.mark.parametrize(
	"text, reason",
	[
		("Halo, rumah saya kebakaran", "syntax"),
		(sms("AML=1;lt=-3.6;lg=128.2;rd=10;top=20260131171748;lc=68;pm=G"), "header"),
		(sms('A"ML=2;lt=-3.6;lg=128.2;rd=10;top=20260131171748;lc=68;pm=G'), "header"),
		('A"ML=1;lt=-3.6;lg=128.2;rd=10;top=20260131171748;lc=68;pm=G', "length"),
		(sms('A"ML=1;lt=-93.6;lg=128.2;rd=10;top=20260131171748;lc=68;pm=G'), "range"),
		(sms('A"ML=1;lt=-3.6;lg=1e2;rd=10;top=20260131171748;lc=68;pm=G'), "number"),
		(sms('A"ML=1;lt=-3.6;lg=128.2;rd=-5;top=20260131171748;lc=68;pm=G'), "number"),
		(sms('A"ML=1;lt=-3.6;lg=128.2;rd=10;top=20261331171748;lc=68;pm=G'), "time"),
		(sms('A"ML=1;lt=-3.6;lg=128.2;rd=10;top=20260131;lc=68;pm=G'), "time"),
		(sms('A"ML=1;lt=-3.6;lg=128.2;rd=10;top=20260131171748;lc=68;pm=X'), "method"),
		(sms('A"ML=1;lt=-3.6;lt=-3.7;lg=128.2;rd=10;top=20260131171748;pm=G'), "syntax"),
		("x" * 481, "too_long"),
	],
)
def test_what_is_not_aml_is_refused_with_a_reason(text, reason):
	with pytest.raises(AmlError) as error:
		parse_sms(text)
	assert error.value.params["reason"] == reason


@given(st.text(max_size=600))
@example('A"ML=1;ml=')
@example('A"ML=1;ml=10')
@example(";;;=;;")
@example('A"ML=1;lt=nan;lg=inf;rd=1;pm=G;ml=33')
def test_fuzz_any_text_parses_or_raises_aml_error_only(text):
	try:
		report = parse_sms(text)
	except AmlError:
		return
	assert report.transport == "SMS"
	if report.has_fix:
		assert -90 <= report.latitude <= 90 and -180 <= report.longitude <= 180
		assert report.radius_m is None or report.radius_m >= 0


coordinate = st.decimals(min_value=-90, max_value=90, places=5, allow_nan=False, allow_infinity=False)
longitude = st.decimals(min_value=-180, max_value=180, places=5, allow_nan=False, allow_infinity=False)


@given(
	lat=coordinate,
	lng=longitude,
	radius=st.integers(min_value=0, max_value=99999),
	moment=st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)),
	confidence=st.integers(min_value=0, max_value=100),
	method=st.sampled_from("GWCFU"),
	imsi=st.from_regex(r"[0-9]{15}", fullmatch=True),
	imei=st.from_regex(r"[0-9]{14,16}", fullmatch=True),
)
def test_fuzz_well_formed_messages_round_trip(lat, lng, radius, moment, confidence, method, imsi, imei):
	body = (
		f'A"ML=1;lt={lat:+.5f};lg={lng:+.5f};rd={radius};top={moment:%Y%m%d%H%M%S};lc={confidence};'
		f"pm={method};si={imsi};ei={imei};mcc=510;mnc=10"
	)
	report = parse_sms(sms(body))
	assert report.has_fix
	assert (report.latitude, report.longitude) == (float(lat), float(lng))
	assert report.radius_m == radius and report.confidence == confidence
	assert report.located_at == moment.replace(microsecond=0, tzinfo=timezone.utc)
	assert (report.imsi, report.imei) == (imsi, imei)


@given(st.text(min_size=1, max_size=200).filter(lambda s: ";" not in s))
def test_fuzz_any_change_to_a_valid_message_keeps_parser_total(noise):
	try:
		parse_sms(BATU_MERAH_BODY + ";" + noise + sms_length_field(BATU_MERAH_BODY + ";" + noise))
	except AmlError:
		pass


# ---------------------------------------------------------------- HTTPS


HTTPS_FORM = {
	"v": "3",
	"emergency_number": "112",
	"source": "Phone",
	"time": "1769879868000",
	"location_latitude": "-3.682196",
	"location_longitude": "128.212288",
	"location_time": "1769879868000",
	"location_accuracy": "12.5",
	"location_confidence": "68",
	"location_source": "GPS",
	"device_number": "+6281243551234",
	"device_imei": "351234567890123",
	"device_imsi": "510101234567890",
	"cell_network_mcc": "510",
	"cell_network_mnc": "10",
}


def test_https_form_parses():
	report = parse_https(HTTPS_FORM)
	assert report.has_fix and report.transport == "HTTPS"
	assert (report.latitude, report.longitude, report.radius_m) == (-3.682196, 128.212288, 12.5)
	assert (report.method, report.confidence, report.device_number) == ("GNSS", 68, "+6281243551234")
	assert report.located_at == datetime(2026, 1, 31, 17, 17, 48, tzinfo=timezone.utc)
	assert (report.imei, report.imsi, report.mcc, report.mnc) == (
		"351234567890123",
		"510101234567890",
		"510",
		"10",
	)


def test_https_older_field_names_and_iso_times():
	form = {**HTTPS_FORM, "location_time": "2026-01-31T17:17:48Z", "location_source": "WIFI"}
	form["location_certainty"] = form.pop("location_confidence")
	report = parse_https(form)
	assert report.located_at == datetime(2026, 1, 31, 17, 17, 48, tzinfo=timezone.utc)
	assert (report.method, report.confidence) == ("Wi-Fi", 68)


def test_https_without_coordinates_is_a_report_without_fix():
	form = {k: v for k, v in HTTPS_FORM.items() if not k.startswith("location_l")}
	report = parse_https(form)
	assert not report.has_fix and report.device_number == "+6281243551234"


@pytest.mark.parametrize(
	"change",
	[
		{"location_latitude": "abc"},
		{"location_longitude": "200"},
		{"location_time": "yesterday"},
		{"location_accuracy": "-1"},
	],
)
def test_https_garbage_is_refused(change):
	with pytest.raises(AmlError):
		parse_https({**HTTPS_FORM, **change})


def test_https_form_that_is_not_aml_is_refused():
	with pytest.raises(AmlError):
		parse_https({"hello": "world"})


@given(st.dictionaries(st.sampled_from([*HTTPS_FORM, "x", "V"]), st.text(max_size=40), max_size=20))
def test_fuzz_https_parses_or_raises_aml_error_only(form):
	try:
		report = parse_https(form)
	except AmlError:
		return
	if report.has_fix:
		assert -90 <= report.latitude <= 90 and -180 <= report.longitude <= 180


def test_the_readme_example_is_a_valid_message():
	readme = Path(__file__).resolve().parents[2] / "apps" / "ambon_112" / "ambon_112" / "intake" / "README.md"
	(example,) = re.findall(r"text=(A\"ML=1;[^']+)'", readme.read_text(encoding="utf-8"))
	assert parse_sms(example).has_fix
