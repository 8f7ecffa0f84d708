"""The AML parser keeps every position it can use and says what was odd (core/aml.py, core/gsm7.py)."""

import base64
import re
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ambon_112.core import aml
from ambon_112.core.aml import AmlError, AmlReport, parse_https, parse_sms, sms_length_field
from ambon_112.core.gsm7 import DEFAULT_ALPHABET, EXTENSION, decode_packed, unpack_septets

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def sms(body: str) -> str:
	"""A message with a correct ``ml`` field."""
	return body + sms_length_field(body)


def codes(report: AmlReport) -> set[str]:
	return set(report.warning_codes)


def refused(text, **kwargs) -> str:
	with pytest.raises(AmlError) as error:
		parse_sms(text, NOW, **kwargs)
	return error.value.params["reason"]


# ---------------------------------------------------------------- published messages
#
# Each vector is copied from the source named beside it; nothing in them is made up here.

# Google, Emergency Location Service, "SMS Specification", section Examples
# (https://developers.google.com/android/els/reference/sms-spec).
ELS_NO_LOCATION = (
	'A"ML=1;lt=+00.00000;lg=+000.00000;rd=N;top=20220131173734;lc=0;pm=N;si=234159000000000;'
	"ei=123456789012345;mcc=234;mnc=15;ml=127"
)
# Same page, "Location computed": 127 characters long, but it says ml=126.
ELS_LOCATION = (
	'A"ML=1;lt=+51.53321;lg=-0.12601;rd=14;top=20220131171748;lc=68;pm=W;si=234159000000000;'
	"ei=123456789012345;mcc=234;mnc=15;ml=126"
)
# The ELS data SMS (7-bit packed, as older Android handsets send it), as hex, from the test suite of
# the open-source aml-lib (https://github.com/cpilatre/aml-lib, tests/verify.rs, from_data_sms).
ELS_DATA_SMS_HEX = (
	"415193D98BEDD8F4DEECE6A2C962B7DA8E7DEEB56232990B86A3D9623B39B92783EDE86F784F068BD560B6D80C1683E5"
	"68B81D7BDCB3E176F076EFB89BA77B39DCCD56A3C966B15D39DD9BD570B2590E56CBC168B21A4DB66B8FC7BD590CB66B"
	"BBC73D990DB66BB37B31D90C"
)
# aml-lib, tests/verify.rs, from_text_sms: 126 characters long, but it says ml=128 (its README
# example, the same message with ml=126, is consistent).
AML_LIB_TEXT = (
	'A"ML=1;lt=48.82639;lg=-2.36619;rd=52;top=20191112112928;lc=68;pm=G;si=208201771948415;'
	"ei=353472104343540;mcc=208;mnc=20;ml=128"
)
AML_LIB_README = AML_LIB_TEXT.replace("ml=128", "ml=126")
# The test suite of GridGears' AML SMS parser (https://github.com/GridGears/aml-sms-parser,
# src/test/java/at/gridgears/aml/AmlMessageParserTest.java): the EENA/BT example and its variants.
GRIDGEARS = {
	"validAmlMessage": 'A"ML=1;lt=+54.76397;lg=-0.18305;rd=50;top=20130717141935;lc=90;pm=W;si=123456789012345;ei=1234567890123456;mcc=234;mnc=30;ml=128',
	"invalidMessageLength": 'A"ML=1;lt=+54.76397;lg=-0.18305;rd=50;top=20130717141935;lc=90;pm=W;si=123456789012345;ei=1234567890123456;mcc=234;mnc=30;ml=10',
	"unknownAttribute": 'A"ML=1;lt=+54.76397;lg=-0.18305;rd=50;top=20130717141935;lc=90;pm=W;si=123456789012345;ei=1234567890123456;mcc=234;mnc=30;kl=23;ml=134',
	"incorrectDateFormat": 'A"ML=1;lt=+54.76397;lg=-0.18305;rd=50;top=20130717;lc=90;pm=W;si=123456789012345;ei=1234567890123456;mcc=234;mnc=30;ml=122',
	"unknownPositioningMethod": 'A"ML=1;lt=+54.76397;lg=-0.18305;rd=50;top=20130717141935;lc=90;pm=Z;si=123456789012345;ei=1234567890123456;mcc=234;mnc=30;ml=128',
	"invalidLatitude": 'A"ML=1;lt=+g4.7d397;lg=-0.18305;rd=50;top=20130717141935;lc=90;pm=W;si=123456789012345;ei=1234567890123456;mcc=234;mnc=30;ml=128',
	"invalidLevelOfConfidence": 'A"ML=1;lt=+54.76397;lg=-0.18305;rd=50;top=20130717141935;lc=99.9;pm=W;si=123456789012345;ei=1234567890123456;mcc=234;mnc=30;ml=130',
	"noHeaderValue": "lt=+54.76397;lg=-0.18305;rd=50;top=20130717141935;lc=90;pm=W;si=123456789012345;ei=1234567890123456;mcc=234;mnc=30;ml=121",
	"noLatitude": 'A"ML=1;lg=-0.18305;rd=50;top=20130717141935;lc=90;pm=W;si=123456789012345;ei=1234567890123456;mcc=234;mnc=30;ml=115',
	"noTimeOfPositioning": 'A"ML=1;lt=+54.76397;lg=-0.18305;rd=50;lc=90;pm=W;si=123456789012345;ei=1234567890123456;mcc=234;mnc=30;ml=109',
}  # fmt: skip
# aml-lib, tests/verify.rs, from_https (the HTTPS form of ETSI TS 103 625, clause 7).
AML_LIB_HTTPS = (
	"v=1&device_number=%2B447477593102&location_latitude=55.85732&location_longitude=-4.26325"
	"&location_time=1476189444435&location_accuracy=10.4&location_source=GPS&location_certainty=83"
	"&location_altitude=0.0&location_floor=5&device_model=ABC+ABC+Detente+530&device_imei=354773072099116"
	"&device_imsi=234159176307582&device_os=AOS&cell_carrier=&cell_home_mcc=234&cell_home_mnc=15"
	"&cell_network_mcc=234&cell_network_mnc=15&cell_id=0213454321"
)


def test_els_no_location_example_is_a_report_without_fix_and_nothing_odd():
	report = parse_sms(ELS_NO_LOCATION, NOW)
	assert not report.has_fix and report.latitude is None
	assert report.located_at == datetime(2022, 1, 31, 17, 37, 34, tzinfo=timezone.utc)
	assert (report.mcc, report.mnc, report.warnings) == ("234", "15", ())


def test_els_location_example_is_off_by_one_and_its_position_is_kept():
	assert len(ELS_LOCATION) == 127
	report = parse_sms(ELS_LOCATION, NOW)
	assert (report.latitude, report.longitude, report.radius_m) == (51.53321, -0.12601, 14.0)
	assert (report.method, report.confidence) == ("Wi-Fi", 68)
	assert report.located_at == datetime(2022, 1, 31, 17, 17, 48, tzinfo=timezone.utc)
	(odd,) = report.warnings
	assert (odd.code, odd.params) == (aml.LENGTH_MISMATCH, {"declared": "126", "actual": "127"})


def test_strict_mode_refuses_the_off_by_one_example():
	assert refused(ELS_LOCATION, strict=True) == aml.LENGTH_MISMATCH
	assert parse_sms(ELS_NO_LOCATION, NOW, strict=True).warnings == ()


def test_the_els_data_sms_unpacks_from_gsm_septets():
	report = parse_sms(ELS_DATA_SMS_HEX, NOW)
	assert report.text.startswith('A"ML=1;lt=37.42175;lg=-122.08461;') and report.text.endswith(";ml=123")
	assert len(report.text) == 123  # its ml is right once unpacked
	assert (report.latitude, report.longitude, report.method) == (37.42175, -122.08461, "GNSS")
	assert (report.imei, report.mcc, report.mnc) == ("358239059042542", "310", "260")
	assert report.warning_codes == (aml.PACKED_7BIT,)
	assert parse_sms(ELS_DATA_SMS_HEX, NOW, strict=True).latitude == 37.42175  # packing is transport


def test_the_data_sms_may_arrive_as_base64_raw_octets_or_with_its_user_data_header():
	octets = bytes.fromhex(ELS_DATA_SMS_HEX)
	for relayed in (base64.b64encode(octets).decode(), octets.decode("latin-1"), ELS_DATA_SMS_HEX.lower()):
		assert parse_sms(relayed, NOW).latitude == 37.42175
	# With its user data header (8-bit application port addressing: 5 octets) and the 2 fill bits
	# that start the text on a septet boundary, as a data SMS carries it.
	header = bytes([4, 0x04, 0x02, 0x10, 0x00])
	relayed = header + _pack(unpack_septets(octets), fill_bits=2)
	assert parse_sms(relayed.hex(), NOW).latitude == 37.42175


def test_aml_lib_examples_off_by_two_and_consistent_give_the_same_position():
	off, right = parse_sms(AML_LIB_TEXT, NOW), parse_sms(AML_LIB_README, NOW)
	assert (off.latitude, off.longitude) == (right.latitude, right.longitude) == (48.82639, -2.36619)
	assert off.warning_codes == (aml.LENGTH_MISMATCH,) and right.warnings == ()


@pytest.mark.parametrize(
	"name, expected",
	[
		("validAmlMessage", set()),
		("invalidMessageLength", {aml.LENGTH_MISMATCH}),
		("unknownAttribute", {aml.KEY_UNKNOWN}),
		("incorrectDateFormat", {aml.TIME_UNREADABLE}),
		("unknownPositioningMethod", {aml.METHOD_UNKNOWN}),
		("invalidLevelOfConfidence", {aml.VALUE_UNREADABLE}),
		("noHeaderValue", {aml.HEADER_MISSING}),
		("noTimeOfPositioning", set()),
	],
)
def test_gridgears_suite_keeps_the_position_and_flags_the_oddity(name, expected):
	report = parse_sms(GRIDGEARS[name], NOW)
	assert (report.latitude, report.longitude) == (54.76397, -0.18305)
	assert codes(report) == expected
	if expected:
		assert refused(GRIDGEARS[name], strict=True) in expected


@pytest.mark.parametrize("name, reason", [("invalidLatitude", "number"), ("noLatitude", "missing")])
def test_gridgears_suite_without_a_usable_latitude_is_refused(name, reason):
	assert refused(GRIDGEARS[name]) == reason


def test_gridgears_details_read_as_sent():
	report = parse_sms(GRIDGEARS["validAmlMessage"], NOW)
	assert report.located_at == datetime(2013, 7, 17, 14, 19, 35, tzinfo=timezone.utc)
	assert (report.radius_m, report.confidence, report.method) == (50.0, 90, "Wi-Fi")
	assert (report.imsi, report.imei, report.mcc, report.mnc) == (
		"123456789012345",
		"1234567890123456",
		"234",
		"30",
	)
	assert parse_sms(GRIDGEARS["unknownPositioningMethod"], NOW).method == "Unknown"
	assert parse_sms(GRIDGEARS["incorrectDateFormat"], NOW).located_at is None


def test_aml_lib_https_example():
	from urllib.parse import parse_qsl

	report = parse_https(dict(parse_qsl(AML_LIB_HTTPS, keep_blank_values=True)), NOW)
	assert (report.latitude, report.longitude, report.radius_m) == (55.85732, -4.26325, 10.4)
	assert (report.method, report.confidence, report.device_number) == ("GNSS", 83, "+447477593102")
	assert report.located_at == datetime(2016, 10, 11, 12, 37, 24, 435000, tzinfo=timezone.utc)
	assert report.warnings == ()


# ---------------------------------------------------------------- properties

# The keys of a version 1 message in the order of the specification, without the header and ml.
ORDER = ("lt", "lg", "rd", "top", "lc", "pm", "si", "ei", "mcc", "mnc")
HEADERS = ('A"ML', 'a"ml', "AML", "A'ML", "A”ML", 'A"ML ', 'A" ML', 'A\\"ML')
latitudes = st.decimals(min_value=-90, max_value=90, places=5, allow_nan=False, allow_infinity=False)
longitudes = st.decimals(min_value=-180, max_value=180, places=5, allow_nan=False, allow_infinity=False)
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2026, 2, 28))


def message_values(lat, lng, radius, moment, method) -> dict:
	return {
		"lt": f"{lat:+.5f}",
		"lg": f"{lng:+.5f}",
		"rd": str(radius),
		"top": f"{moment:%Y%m%d%H%M%S}",
		"lc": "68",
		"pm": method,
		"si": "510101234567890",
		"ei": "35123456789012",
		"mcc": "510",
		"mnc": "10",
	}


@given(
	lat=latitudes,
	lng=longitudes,
	radius=st.integers(min_value=0, max_value=99999),
	moment=moments,
	method=st.sampled_from("GWCFU"),
	order=st.permutations(ORDER),
	repeats=st.lists(st.sampled_from(ORDER), max_size=3, unique=True),
	unknown=st.lists(st.sampled_from(["xa", "zz", "lz", "fl", "alt", "vrs"]), max_size=3, unique=True),
	ml_offset=st.sampled_from([None, 0, 0, -17, -3, -1, 1, 5, 40]),
	header=st.sampled_from(HEADERS),
	gateway=st.sampled_from(["", "", "\r\n", "\r\n\r\n"]),
)
@example(
	lat=0, lng=0, radius=0, moment=datetime(2020, 1, 1), method="G", order=ORDER, repeats=[], unknown=[],
	ml_offset=0, header='A"ML', gateway="",
)  # fmt: skip
def test_any_usable_message_keeps_its_position_and_names_exactly_what_was_odd(
	lat, lng, radius, moment, method, order, repeats, unknown, ml_offset, header, gateway
):
	values = message_values(lat, lng, radius, moment, method)
	parts = [f"{header}=1"]
	for key in order:
		parts.append(f"{key}={values[key]}")
		if key in repeats:
			parts.append(f"{key}={values[key]}")  # the same key and value again
	parts += [f"{key}=1" for key in unknown]
	body = ";".join(parts)
	text = body if ml_offset is None else body + sms_length_field(body)
	if ml_offset:
		declared = int(text.rsplit("=", 1)[1])
		text = text.rsplit("=", 1)[0] + f"={declared + ml_offset}"
	text += gateway

	report = parse_sms(text, NOW)

	assert report.has_fix
	assert (report.latitude, report.longitude) == (float(lat), float(lng))
	assert report.radius_m == radius and report.located_at == moment.replace(
		microsecond=0, tzinfo=timezone.utc
	)
	expected = set()
	if list(order) != sorted(order, key=ORDER.index):
		expected.add(aml.KEY_ORDER)
	if repeats:
		expected.add(aml.KEY_REPEATED)
	if unknown:
		expected.add(aml.KEY_UNKNOWN)
	if ml_offset is None:
		expected.add(aml.LENGTH_MISSING)
	elif ml_offset:
		expected.add(aml.LENGTH_MISMATCH)
	if header.strip() != 'A"ML':
		expected.add(aml.HEADER_VARIANT)
	if gateway or header != header.strip():
		expected.add(aml.WHITESPACE)
	assert codes(report) == expected
	if expected:
		with pytest.raises(AmlError):
			parse_sms(text, NOW, strict=True)
	else:
		assert parse_sms(text, NOW, strict=True) == report


@given(
	lat=st.one_of(
		st.decimals(min_value=90, max_value=999, places=5).filter(lambda d: d > 90),
		st.decimals(min_value=-999, max_value=-90, places=5).filter(lambda d: d < -90),
	),
	lng=longitudes,
	swap=st.booleans(),
)
def test_any_coordinate_out_of_range_gives_no_position(lat, lng, swap):
	if swap:  # the longitude out of range instead
		lat, lng = lng / 2, lat * 2
	text = sms(f'A"ML=1;lt={lat:+.5f};lg={lng:+.5f};rd=10;top=20260131171748;lc=68;pm=G')
	assert refused(text) == "range"


@given(lat=latitudes, other=latitudes, key=st.sampled_from(["lt", "lg"]))
def test_a_position_key_that_contradicts_itself_is_refused(lat, other, key):
	if lat == other:
		return
	values = {"lt": f"{lat:+.5f}", "lg": f"{lat:+.5f}"}
	text = sms(f'A"ML=1;lt={values["lt"]};lg={values["lg"]};{key}={other:+.5f};rd=10;pm=G')
	assert refused(text) == "contradiction"


@pytest.mark.parametrize(
	"body, reason",
	[
		("Halo, rumah saya kebakaran", "missing"),
		('A"ML=1;lg=128.2;rd=10;pm=G', "missing"),
		('A"ML=1;lt=-3.6;lg=1e2;rd=10;pm=G', "number"),
		('A"ML=1;lt=-3.6;lg=inf;rd=10;pm=G', "number"),
		('A"ML=1;lt;lg=128.2;rd=10;pm=G', "missing"),
	],
)
def test_no_usable_position_is_refused_with_a_reason(body, reason):
	assert refused(sms(body)) == reason


def test_a_time_of_positioning_in_the_future_is_flagged_and_not_trusted():
	future = NOW + timedelta(hours=2)
	report = parse_sms(sms(f'A"ML=1;lt=-3.68;lg=128.21;rd=9;top={future:%Y%m%d%H%M%S};pm=G'), NOW)
	assert report.latitude == -3.68 and report.located_at is None
	assert report.warning_codes == (aml.TIME_IN_FUTURE,)
	clock_skew = NOW + timedelta(seconds=30)
	assert parse_sms(sms(f'A"ML=1;lt=-3.68;lg=128.21;top={clock_skew:%Y%m%d%H%M%S}'), NOW).warnings == ()


def test_a_conflicting_optional_key_is_left_out_and_flagged():
	report = parse_sms(sms('A"ML=1;lt=-3.68;lg=128.21;rd=9;pm=G;rd=900'), NOW)
	assert report.radius_m is None and report.warning_codes == (aml.VALUE_CONFLICT,)


@pytest.mark.parametrize(
	"body",
	[
		'A"ML=1;lt=N;lg=N;rd=N;top=20260131171748;lc=N;pm=N;si=510101234567890;mcc=510;mnc=10',
		'A"ML=1;lt=+0.00000;lg=+0.00000;rd=N;top=20260131171748;lc=0;pm=G;mcc=510;mnc=10',
		'A"ML=1;lt=;lg=;rd=14;top=N;lc=;pm=N;mcc=510;mnc=10',
	],
)
def test_rd_n_or_pm_n_means_no_fix(body):
	report = parse_sms(sms(body), NOW)
	assert report.has_fix is False and report.latitude is None and report.mcc == "510"


def assert_a_sound_report(report: AmlReport, parse, given):
	"""What holds for every report the parser returns, whatever it was given."""
	assert set(report.warning_codes) <= set(aml.WARNINGS)
	assert len(set(report.warnings)) == len(report.warnings)  # each oddity said once
	# A position is both coordinates, within range, or neither.
	assert (report.latitude is None) == (report.longitude is None) == (not report.has_fix)
	if report.has_fix:
		assert -90 <= report.latitude <= 90 and -180 <= report.longitude <= 180
	assert report.radius_m is None or report.radius_m >= 0
	assert report.confidence is None or 0 <= report.confidence <= 100
	assert report.method is None or report.method in aml.METHODS
	assert report.located_at is None or report.located_at <= NOW + aml.FUTURE_TOLERANCE
	# The same input always reads the same (nothing depends on anything but the message and now).
	assert parse(given, NOW) == report
	# Strict mode refuses exactly the messages with an oddity that is not the transport's.
	odd = [code for code in report.warning_codes if code not in aml.TRANSPORT_WARNINGS]
	if odd:
		with pytest.raises(AmlError) as error:
			parse(given, NOW, strict=True)
		assert error.value.params["reason"] == odd[0]
	else:
		assert parse(given, NOW, strict=True) == report


@given(st.text(max_size=600))
@example('A"ML=1;ml=')
@example(";;;=;;")
@example('A"ML=1;lt=nan;lg=inf;rd=1;pm=G;ml=33')
@example("00" * 40)
@example("AAAA" * 30)
@example(ELS_DATA_SMS_HEX)
def test_fuzz_any_text_is_refused_or_gives_a_sound_report(text):
	try:
		report = parse_sms(text, NOW)
	except AmlError:
		return
	assert report.transport == "SMS"
	assert_a_sound_report(report, parse_sms, text)
	# The text read is kept exactly when it is not what arrived (a packed data SMS), and reads the
	# same as what arrived, the packing apart.
	if aml.PACKED_7BIT in report.warning_codes:
		again = parse_sms(report.text, NOW)
		assert again.text is None and aml.PACKED_7BIT not in again.warning_codes
		assert again == replace(report, text=None, warnings=again.warnings)
	else:
		assert report.text is None


# What each optional key of an SMS holds when it is right, and values of it that are not.
def junk(first: str = "[a-mo-zA-MO-Z]"):
	"""Text that no optional key accepts (never the "N" that means "no value")."""
	return st.from_regex(rf"{first}[a-zA-Z0-9.+-]{{0,8}}", fullmatch=True)


SMS_OPTIONAL = {
	"rd": (st.integers(0, 99999).map(str), st.one_of(junk(), st.sampled_from(["-5", "1e3", "12,5"]))),
	"top": (
		moments.map(lambda m: f"{m:%Y%m%d%H%M%S}"),
		st.one_of(junk(), st.sampled_from(["2013", "20131340000000", "20130717251935"])),
	),
	"lc": (st.integers(0, 100).map(str), st.one_of(junk(), st.sampled_from(["101", "99.9", "-1"]))),
	"pm": (st.sampled_from("GWCFUgwcfu"), junk("[a-mo-zA-MO-Z][a-zA-Z0-9]")),
	"si": (st.from_regex(r"[0-9]{15}", fullmatch=True), st.one_of(junk(), st.just("1" * 21))),
	"ei": (st.from_regex(r"[0-9]{14,16}", fullmatch=True), junk()),
	"mcc": (st.from_regex(r"[0-9]{3}", fullmatch=True), junk()),
	"mnc": (st.from_regex(r"[0-9]{2,3}", fullmatch=True), junk()),
}
# The warning an unreadable value of each key gives, and the report's field that stays empty.
SMS_ODD = {
	"rd": (aml.VALUE_UNREADABLE, "radius_m"),
	"top": (aml.TIME_UNREADABLE, "located_at"),
	"lc": (aml.VALUE_UNREADABLE, "confidence"),
	"pm": (aml.METHOD_UNKNOWN, None),
	"si": (aml.VALUE_UNREADABLE, "imsi"),
	"ei": (aml.VALUE_UNREADABLE, "imei"),
	"mcc": (aml.VALUE_UNREADABLE, "mcc"),
	"mnc": (aml.VALUE_UNREADABLE, "mnc"),
}


@st.composite
def optional_values(draw) -> dict[str, tuple[str, bool]]:
	"""{key: (value, odd)} for some of the optional keys."""
	chosen = {}
	for key, (right, wrong) in SMS_OPTIONAL.items():
		kind = draw(st.sampled_from(["absent", "right", "odd"]))
		if kind != "absent":
			chosen[key] = (draw(wrong if kind == "odd" else right), kind == "odd")
	return chosen


@given(lat=latitudes, lng=longitudes, optional=optional_values())
def test_fuzz_odd_values_are_flagged_and_left_empty_while_the_position_is_kept(lat, lng, optional):
	body = ";".join(
		['A"ML=1', f"lt={lat:+.5f}", f"lg={lng:+.5f}"]
		+ [f"{key}={optional[key][0]}" for key in ORDER if key in optional]
	)
	text = sms(body)

	report = parse_sms(text, NOW)

	assert report.has_fix and (report.latitude, report.longitude) == (float(lat), float(lng))
	odd = {key for key, (_, is_odd) in optional.items() if is_odd}
	assert set(report.warning_codes) == {SMS_ODD[key][0] for key in odd}
	unreadable = {w.params["field"] for w in report.warnings if w.code == aml.VALUE_UNREADABLE}
	assert unreadable == {key for key in odd if SMS_ODD[key][0] == aml.VALUE_UNREADABLE}
	for key, (value, is_odd) in optional.items():
		field = SMS_ODD[key][1]
		if key == "pm":
			expected = "Unknown" if is_odd else aml.SMS_METHODS[value.upper()]
			assert report.method == expected
		elif is_odd:
			assert getattr(report, field) is None  # never a value made up from what was unreadable
		else:
			assert getattr(report, field) is not None
	assert_a_sound_report(report, parse_sms, text)
	# The same message as a 7-bit packed data SMS reads the same, its text kept as read.
	septets = [DEFAULT_ALPHABET.index(c) for c in text]
	packed = parse_sms(_pack(septets).hex(), NOW)
	assert packed.text == text
	assert packed == replace(report, text=text, warnings=(aml.warning(aml.PACKED_7BIT), *report.warnings))


def test_ml_counts_the_whole_message_including_itself():
	assert sms("x" * 5) == "xxxxx;ml=11"
	assert sms("x" * 95).endswith(";ml=102")  # the length field grows to three digits


def test_the_readme_example_is_a_valid_message():
	readme = Path(__file__).resolve().parents[2] / "apps" / "ambon_112" / "ambon_112" / "intake" / "README.md"
	(example,) = re.findall(r"text=(A\"ML=1;[^']+)'", readme.read_text(encoding="utf-8"))
	assert parse_sms(example, NOW).warnings == ()


# ---------------------------------------------------------------- GSM 03.38


def _pack(septets: list[int], fill_bits: int = 0) -> bytes:
	"""Pack septets least significant bit first (3GPP TS 23.038 clause 6.1.2.1.1)."""
	value = sum(s << (7 * i + fill_bits) for i, s in enumerate(septets))
	return value.to_bytes(-(-(len(septets) * 7 + fill_bits) // 8), "little")


def test_the_default_alphabet_has_128_characters_and_the_escape():
	assert len(DEFAULT_ALPHABET) == 128 and DEFAULT_ALPHABET[0x1B] == "\x1b"
	assert (DEFAULT_ALPHABET[0x00], DEFAULT_ALPHABET[0x24], DEFAULT_ALPHABET[0x5F]) == ("@", "¤", "§")
	assert EXTENSION[0x65] == "€"


gsm_text = st.lists(st.sampled_from([c for c in DEFAULT_ALPHABET if c != "\x1b"] + list(EXTENSION.values())))


@given(gsm_text)
def test_fuzz_any_gsm_text_survives_packing(chars):
	text = "".join(chars)
	reverse = {c: i for i, c in enumerate(DEFAULT_ALPHABET) if c != "\x1b"}
	reverse_ext = {c: i for i, c in EXTENSION.items()}
	septets = []
	for c in text:
		septets += [reverse[c]] if c in reverse else [0x1B, reverse_ext[c]]
	decoded = decode_packed(_pack(septets))
	# A text ending in "@" that fills its last octet exactly cannot be told from padding.
	assert decoded == text or (decoded == text[:-1] and text.endswith(("@", "\r")) and len(septets) % 8 == 0)


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
	report = parse_https(HTTPS_FORM, NOW)
	assert report.has_fix and report.transport == "HTTPS" and report.warnings == ()
	assert (report.latitude, report.longitude, report.radius_m) == (-3.682196, 128.212288, 12.5)
	assert (report.method, report.confidence, report.device_number) == ("GNSS", 68, "+6281243551234")
	assert report.located_at == datetime(2026, 1, 31, 17, 17, 48, tzinfo=timezone.utc)


def test_https_older_field_names_and_iso_times():
	form = {**HTTPS_FORM, "location_time": "2026-01-31T17:17:48Z", "location_source": "WIFI"}
	form["location_certainty"] = form.pop("location_confidence")
	report = parse_https(form, NOW)
	assert report.located_at == datetime(2026, 1, 31, 17, 17, 48, tzinfo=timezone.utc)
	assert (report.method, report.confidence) == ("Wi-Fi", 68)


def test_https_without_coordinates_is_a_report_without_fix():
	form = {k: v for k, v in HTTPS_FORM.items() if not k.startswith("location_l")}
	report = parse_https(form, NOW)
	assert not report.has_fix and report.device_number == "+6281243551234"


@pytest.mark.parametrize(
	"change, code",
	[
		({"location_source": "BEIDOU"}, aml.METHOD_UNKNOWN),
		({"location_time": "yesterday"}, aml.TIME_UNREADABLE),
		({"location_time": str(int((NOW + timedelta(days=1)).timestamp() * 1000))}, aml.TIME_IN_FUTURE),
		({"location_accuracy": "-1"}, aml.VALUE_UNREADABLE),
		({"location_confidence": "high"}, aml.VALUE_UNREADABLE),
	],
)
def test_https_oddities_keep_the_position(change, code):
	report = parse_https({**HTTPS_FORM, **change}, NOW)
	assert (report.latitude, report.longitude) == (-3.682196, 128.212288)
	assert report.warning_codes == (code,)
	with pytest.raises(AmlError) as error:
		parse_https({**HTTPS_FORM, **change}, NOW, strict=True)
	assert error.value.params["reason"] == code


@pytest.mark.parametrize(
	"change, reason",
	[
		({"location_latitude": "abc"}, "number"),
		({"location_longitude": "200"}, "range"),
		({"location_longitude": ""}, "missing"),
	],
)
def test_https_without_a_usable_position_is_refused(change, reason):
	with pytest.raises(AmlError) as error:
		parse_https({**HTTPS_FORM, **change}, NOW)
	assert error.value.params["reason"] == reason


def test_https_form_that_is_not_aml_is_refused():
	with pytest.raises(AmlError):
		parse_https({"hello": "world"}, NOW)


@given(st.dictionaries(st.sampled_from([*HTTPS_FORM, "x", "V"]), st.text(max_size=40), max_size=20))
def test_fuzz_any_https_form_is_refused_or_gives_a_sound_report(form):
	try:
		report = parse_https(form, NOW)
	except AmlError:
		return
	assert report.transport == "HTTPS" and report.text is None
	assert_a_sound_report(report, parse_https, form)
	latitude, longitude = (form.get(k, "").strip() for k in ("location_latitude", "location_longitude"))
	if report.has_fix:  # the position is the one sent, read as a number
		assert (report.latitude, report.longitude) == (float(latitude), float(longitude))
