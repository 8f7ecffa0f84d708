"""The national export never carries the caller's number, and maps classes and types."""

from datetime import datetime

from ambon_112.core.national_export import DEFAULT_CALL_MAP, call_row, incident_row, number_hash

CALL = {
	"name": "CALL-1",
	"received_at": datetime(2026, 10, 1, 8, 0),
	"classification": "Ghost / Silent",
	"caller_number_normalized": "+6281243551234",
	"caller_name": "Ibu Maria",
	"notes": "rumah dekat gereja",
	"kecamatan": "81.71.02",
}


def test_the_number_is_replaced_by_a_salted_hash_and_nothing_personal_is_copied():
	row = call_row(CALL, DEFAULT_CALL_MAP, "s3cret")
	assert row["national_class"] == "ghost"
	assert row["caller_hash"] == number_hash("+6281243551234", "s3cret")
	assert row["caller_hash"] != number_hash("+6281243551234", "other-salt")
	text = repr(row)
	for personal in ("81243551234", "Ibu Maria", "gereja"):
		assert personal not in text


def test_an_unclassified_call_and_an_unmapped_type():
	assert (
		call_row({**CALL, "classification": ""}, {"Unclassified": "normal"}, "s")["national_class"]
		== "normal"
	)
	mapped = incident_row(
		{"name": "INC-1", "reported_at": None, "incident_type": "Flood"},
		{"Natural Disaster": "bencana"},
		{"Flood": "Natural Disaster"},
	)
	assert mapped["national_category"] == "bencana"
	assert (
		incident_row({"name": "INC-2", "reported_at": None, "incident_type": "X"}, {}, {})[
			"national_category"
		]
		== "other"
	)
