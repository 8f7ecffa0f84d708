"""The console's incident type picker: callers' words in Bahasa Indonesia find the type."""

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.incident_type_words import SYNONYMS, TypeChoice, fold, search

TYPES_FILE = Path(__file__).resolve().parents[2] / "fixtures" / "incident_types.json"
LABELS = {
	"Fire": "Kebakaran",
	"Traffic Accident": "Kecelakaan Lalu Lintas",
	"Medical Emergency": "Kedaruratan Medis",
}
CHOICES = [TypeChoice(name, LABELS.get(name, name)) for name in SYNONYMS]


@pytest.mark.parametrize(
	"query, expected",
	[
		("kebakaran rumah", "Fire"),
		("rumah terbak", "Fire"),
		("tabrakan", "Traffic Accident"),
		("laka", "Traffic Accident"),
		("pingsan", "Medical Emergency"),
		("pohon tumbang", "Fallen Tree"),
		("Kecelakaan", "Traffic Accident"),
		("fire", "Fire"),
	],
)
def test_callers_words_find_the_type_first(query, expected):
	assert search(query, CHOICES)[0].name == expected


def test_a_query_that_names_nothing_finds_nothing():
	assert search("zzzz qqqq", CHOICES) == []


def test_every_word_list_names_a_leaf_type_of_the_reference_data():
	rows = json.loads(TYPES_FILE.read_text(encoding="utf-8"))
	leaves = {r["incident_type_name"] for r in rows if not r.get("is_group")}
	assert set(SYNONYMS) <= leaves


@given(st.text(max_size=30))
def test_search_never_fails_and_returns_only_known_choices(query):
	found = search(query, CHOICES)
	assert set(found) <= set(CHOICES)
	assert len(found) <= 8


def test_fold_ignores_case_accents_and_punctuation():
	assert fold("  Kébakaran, RUMAH! ") == "kebakaran rumah"
