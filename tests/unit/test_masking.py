"""Caller numbers for roles that may count repeat callers but not identify them."""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.masking import LABEL_LETTERS, MASK, caller_label, mask_number

KEY = b"a site's secret"
NUMBERS = st.text(alphabet="+0123456789", min_size=1, max_size=20)
E164 = st.text(alphabet="0123456789", min_size=8, max_size=12).map(lambda digits: "+628" + digits)
LABEL = re.compile(rf"^[{LABEL_LETTERS}]{{4}}-[{LABEL_LETTERS}]{{4}}$")


@pytest.mark.parametrize(
	"number, shown",
	[
		("+6281243551234", "+62812"),  # Telkomsel: network shown
		("+62911312345", "+62911"),  # Ambon's landline area code
		("081243551234", ""),  # not normalised: no prefix that could be read as digits of a number
		("0911312", ""),
		("112", ""),
	],
)
def test_only_the_network_prefix_and_a_label_are_shown(number, shown):
	masked = mask_number(number, KEY)
	prefix, label = masked.split(" ")
	assert prefix == shown + MASK
	assert LABEL.match(label)


def test_nothing_to_mask():
	assert mask_number("", KEY) == mask_number(None, KEY) == ""


def test_a_label_needs_a_key():
	with pytest.raises(ValueError):
		caller_label("+6281243551234", b"")


@given(E164)
def test_no_digit_beyond_the_network_prefix_is_shown(number):
	masked = mask_number(number, KEY)
	assert re.sub(r"\D", "", masked) == number[1:6]
	assert number[6:] not in masked


@given(NUMBERS)
def test_the_same_number_always_gets_the_same_label(number):
	assert mask_number(number, KEY) == mask_number(number, KEY)


def test_neighbouring_numbers_get_different_labels():
	numbers = [f"+6281243{n:06d}" for n in range(2000)]
	assert len({caller_label(n, KEY) for n in numbers}) == len(numbers)


@given(E164)
def test_the_label_depends_on_the_secret_key(number):
	# Without the site's key nobody can recompute the label of a guessed number.
	labels = {caller_label(number, key) for key in (b"key one", b"key two", b"key three")}
	assert len(labels) > 1
