"""How the KPI reports present a summary: percentages, seconds, verdicts and summary tiles."""

from frappe import _

from ambon_112.core.stats import PERCENTILES, Summary
from ambon_112.core.targets import ServiceLevel, Standard

# Rows carry exact values (the columns' precision formats them, exports keep them); tiles are rounded.


def percent(fraction: float | None) -> float | None:
	return None if fraction is None else fraction * 100


def seconds(value: float | None) -> float | None:
	return None if value is None else float(value)


def _rounded(value: float | None) -> float | None:
	return None if value is None else round(value, 1)


def whole(value: float) -> float | int:
	"""15.0 → 15: a target reads as people write it."""
	value = round(value, 6)  # 0.9 × 100 is 90.00000000000001 in floating point
	return int(value) if value == int(value) else value


def share_target(level: ServiceLevel) -> float | int:
	"""The share a service level asks for, in percent."""
	return whole(level.share * 100)


def share_markers(standard: Standard) -> list[dict]:
	"""A percent chart's line at the share each level of the standard asks for."""
	return [
		_marker(_("{0}% target").format(share_target(level)), share_target(level))
		for level in standard.levels
	]


def seconds_markers(standard: Standard) -> list[dict]:
	"""A seconds chart's line at each level's threshold."""
	return [
		_marker(_("{0} s target").format(whole(level.seconds)), whole(level.seconds))
		for level in standard.levels
	]


def _marker(label: str, value) -> dict:
	return {"label": label, "value": value, "options": {"labelPos": "left"}}


def bar_chart(labels, datasets, markers=None, stacked=False, **options) -> dict:
	"""A report's bar chart; ``options`` as Frappe Charts takes them (colors, fieldtype)."""
	data = {"labels": labels, "datasets": datasets}
	if markers:
		data["yMarkers"] = markers
	chart = {"data": data, "type": "bar", **options}
	if stacked:
		chart["barOptions"] = {"stacked": 1}
	return chart


def count_tile(label: str, value: int, indicator: str = "Blue") -> dict:
	return {"value": value, "label": label, "datatype": "Int", "indicator": indicator}


def verdict(met: bool | None) -> str | None:
	if met is None:
		return None
	return _("Met") if met else _("Not Met")


def summary_fields(summary: Summary, prefix: str = "") -> dict:
	"""p50/p90/p95 and the shares within each threshold, as report row values."""
	row = {f"{prefix}p{p}": seconds(v) for p, v in summary.percentiles.items()}
	row.update({f"{prefix}within_{int(t)}": percent(v) for t, v in summary.within.items()})
	return row


def percentile_columns(prefix: str = "", label: str | None = None, percentiles=PERCENTILES) -> list[dict]:
	return [
		{
			"fieldname": f"{prefix}p{p}",
			"label": _("{0} p{1} (s)").format(label, p) if label else _("p{0} (s)").format(p),
			"fieldtype": "Float",
			"precision": 1,
			"width": 110,
		}
		for p in percentiles
	]


def within_label(threshold: float) -> str:
	return _("≤ {0} s (%)").format(whole(threshold))


def within_column(threshold: float, prefix: str = "") -> dict:
	return {
		"fieldname": f"{prefix}within_{int(threshold)}",
		"label": within_label(threshold),
		"fieldtype": "Percent",
		"precision": 1,
		"width": 100,
	}


def standard_tile(standard: Standard, summary: Summary) -> dict:
	met = standard.met(summary)
	return {
		"value": verdict(met) or _("No Data"),
		"label": standard.code,
		"datatype": "Data",
		"indicator": {True: "Green", False: "Red"}.get(met, "Gray"),
	}


def share_tile(label: str, fraction: float | None, target: float | None = None) -> dict:
	indicator = "Blue"
	if target is not None and fraction is not None:
		indicator = "Green" if fraction >= target else "Red"
	return {
		"value": _rounded(percent(fraction)),
		"label": label,
		"datatype": "Percent",
		"indicator": indicator,
	}


def seconds_tile(label: str, value: float | None) -> dict:
	return {"value": _rounded(value), "label": label, "datatype": "Float", "indicator": "Blue"}


def level_tiles(label: str, standard: Standard, summary: Summary) -> list[dict]:
	"""One tile per level of ``standard``: the share within its seconds against the level's target.
	``label`` is translated, with ``{0}`` for the seconds."""
	return [
		share_tile(label.format(whole(level.seconds)), summary.within[level.seconds], level.share)
		for level in standard.levels
	]
