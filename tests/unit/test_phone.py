import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ambon_112.core.phone import SHORT_CODES, normalize

E164 = re.compile(r"\+[1-9][0-9]{7,14}")  # ASCII digits only


@pytest.mark.parametrize(
	"raw, normalized, kind",
	[
		("+62 812-3456-7890", "+6281234567890", "mobile"),
		("081234567890", "+6281234567890", "mobile"),
		("6281234567890", "+6281234567890", "mobile"),
		("0062 812 3456 7890", "+6281234567890", "mobile"),
		("0811.4700.123", "+628114700123", "mobile"),
		("0911 352123", "+62911352123", "landline"),
		("(0911) 352-123", "+62911352123", "landline"),
		("352123", "+62911352123", "landline"),  # local landline: Ambon's area code is implied
		("112", "112", "short"),
		("119", "119", "short"),
		("+1 202 555 0100", "+12025550100", "international"),
		("00 61 2 9876 5432", "+61298765432", "international"),
		("", None, "withheld"),
		("anonymous", None, "withheld"),
		("Private", None, "withheld"),
		("0812-ABC", None, "invalid"),
		("0812", None, "invalid"),
		("+62 0812 3456 7890", None, "invalid"),
		("nomor saya", None, "invalid"),
		("0812345678901234", None, "invalid"),  # too long for a mobile
		("+", None, "invalid"),
		("+0123456789", None, "invalid"),
	],
)
def test_normalisation_table(raw, normalized, kind):
	number = normalize(raw)
	assert (number.normalized, number.kind) == (normalized, kind)
	assert number.raw == raw  # kept exactly as typed
	assert number.valid is (kind != "invalid")
	assert (number.problem is not None) is (kind == "invalid")


@pytest.mark.parametrize(
	"raw, normalized",
	[
		("021 2345 6789", "+622123456789"),  # Jakarta
		("061 4567890", "+62614567890"),  # Medan
		("0361 234567", "+62361234567"),  # Denpasar
		("0411 876543", "+62411876543"),  # Makassar
		("0511 3254321", "+625113254321"),  # Banjarmasin
		("0541 743210", "+62541743210"),  # Samarinda
		("0711 356789", "+62711356789"),  # Palembang
		("0751 7051234", "+627517051234"),  # Padang
		("0911 352123", "+62911352123"),  # Ambon
		("0967 531234", "+62967531234"),  # Jayapura
	],
)
def test_landlines_of_other_indonesian_regions(raw, normalized):
	"""A callback number from anywhere in Indonesia is a landline, whatever its area code."""
	number = normalize(raw)
	assert (number.kind, number.normalized) == ("landline", normalized)


def test_none_is_withheld():
	assert normalize(None).kind == "withheld"


def test_local_landline_uses_the_given_area_code():
	assert normalize("352123", default_area_code="21").normalized == "+6221352123"


def test_history_key_groups_by_e164_else_by_digits_as_typed():
	assert normalize("0812 3456 7890").history_key == normalize("+6281234567890").history_key
	assert normalize("0812-ABC").history_key == "0812ABC"
	assert normalize("").history_key is None


def test_withheld_numbers_have_no_history_key():
	"""Grouping every withheld caller under one key would give them one shared call history."""
	assert [normalize(raw).history_key for raw in ("anonymous", "Private", "unknown")] == [None] * 3


@given(st.text() | st.text(alphabet="0123456789+ -²３٣"))
@example("08123456789²")  # str.isdigit() is true for superscripts and other scripts' digits
@example("0812３４５６７８９０")  # full-width digits from an IME keyboard
def test_normalize_never_raises_and_keeps_the_raw_text(text):
	number = normalize(text)
	assert number.raw == text.strip()
	if number.kind == "withheld" or not number.valid:
		assert number.normalized is None
	elif number.kind == "short":
		assert number.normalized in SHORT_CODES
	else:
		assert E164.fullmatch(number.normalized), number


@given(st.from_regex(r"\+?[0-9 \-]{0,16}", fullmatch=True))
def test_digit_strings_give_e164_or_a_flag(text):
	number = normalize(text)
	assert number.kind in {"mobile", "landline", "short", "international", "withheld", "invalid"}
	if number.kind in {"mobile", "landline", "international"}:
		assert E164.fullmatch(number.normalized), number


MOBILE = st.from_regex(r"8[0-9]{8,11}", fullmatch=True)  # the digits after the trunk 0


@given(MOBILE)
def test_indonesian_mobiles_keep_their_digits(national):
	number = normalize("0" + national)
	assert (number.kind, number.normalized) == ("mobile", "+62" + national)


def _grouped(digits: str, sep: str, size: int) -> str:
	return sep.join(digits[i : i + size] for i in range(0, len(digits), size))


@given(MOBILE, st.sampled_from(["", " ", "-", "."]), st.integers(min_value=2, max_value=5))
def test_mobile_formatting_variants_agree(national, sep, size):
	variants = [
		"0" + _grouped(national, sep, size),
		"+62" + sep + _grouped(national, sep, size),
		"62" + national,
		"0062 " + national,
		national,  # typed without the trunk 0
		f"  0{national}  ",
	]
	assert {normalize(v).normalized for v in variants} == {"+62" + national}
