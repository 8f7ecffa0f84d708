"""The small-cell rule and the shares of the public page /112."""

from ambon_112.core.public_figures import cell, percent, prank_trend, public_figures, table


def test_counts_under_five_are_hidden_zero_and_five_are_not():
	assert [cell(n) for n in (0, 1, 4, 5, 12)] == ["0", "< 5", "< 5", "5", "12"]


def test_table_orders_by_count_hides_small_cells_and_drops_empty_rows():
	rows = table({"81.71.01": 3, "81.71.02": 40, "81.71.03": 0, "81.71.04": 7}, {"81.71.02": "Sirimau"})
	assert rows == [
		{"label": "Sirimau", "shown": "40"},
		{"label": "81.71.04", "shown": "7"},
		{"label": "81.71.01", "shown": "< 5"},
	]


def test_shares_have_one_decimal_and_none_without_data():
	assert percent(2, 3) == "66.7"
	assert percent(0, 0) is None
	assert prank_trend([("2026-01", 1, 4), ("2026-02", 0, 0)]) == [
		{"month": "2026-01", "share": "25.0", "bar": 25},
		{"month": "2026-02", "share": None, "bar": 0},
	]


def test_public_figures_hide_small_headline_counts_too():
	figures = public_figures(
		{
			"calls": 3,
			"emergencies": 1,
			"answered": 3,
			"answered_15": 2,
			"by_type": {"Fire": 1},
			"by_kecamatan": {"81.71.02": 6},
			"kecamatan_names": {"81.71.02": "Sirimau"},
			"prank_months": [],
		}
	)
	assert figures["calls"] == "< 5" and figures["emergencies"] == "< 5"
	assert figures["answered_15"] == "66.7"
	assert figures["by_type"] == [{"label": "Fire", "shown": "< 5"}]
	assert figures["by_kecamatan"] == [{"label": "Sirimau", "shown": "6"}]
