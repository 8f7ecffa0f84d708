"""Caller numbers masked for roles that may count repeat callers but not identify them."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.masking import MASK, mask_number

NUMBERS = st.text(alphabet="+0123456789", min_size=1, max_size=20)


@pytest.mark.parametrize(
	"number, masked",
	[
		("+6281243551234", "+6281••••••234"),
		("081243551234", "08124••••234"),
		("+62911312345", "+6291••••345"),
		("0911312", "••••312"),
		("112", "•••"),
		("", ""),
		(None, ""),
	],
)
def test_known_masks(number, masked):
	assert mask_number(number) == masked


@given(NUMBERS)
def test_the_mask_keeps_the_length_and_hides_at_least_three_characters(number):
	masked = mask_number(number)
	assert len(masked) == len(number)
	assert masked.count(MASK) >= min(len(number), 3)
	assert masked != number


@given(NUMBERS)
def test_visible_characters_are_where_they_were(number):
	for original, shown in zip(number, mask_number(number), strict=True):
		assert shown in (original, MASK)


@given(st.text(alphabet="0123456789", min_size=12, max_size=15))
def test_a_full_number_keeps_less_than_two_thirds_visible(number):
	hidden = mask_number("+" + number).count(MASK)
	assert hidden >= (len(number) + 1) / 3
