"""How the KPI reports present a summary: percentages, seconds, verdicts and summary tiles."""

from frappe import _

from ambon_112.core.stats import Summary
from ambon_112.core.targets import Standard

# Rows carry exact values (the columns' precision formats them, exports keep them); tiles are rounded.


def percent(fraction: float | None) -> float | None:
	return None if fraction is None else fraction * 100


def seconds(value: float | None) -> float | None:
	return None if value is None else float(value)


def _rounded(value: float | None) -> float | None:
	return None if value is None else round(value, 1)


def verdict(met: bool | None) -> str | None:
	if met is None:
		return None
	return _("Met") if met else _("Not Met")


def summary_fields(summary: Summary, prefix: str = "") -> dict:
	"""p50/p90/p95 and the shares within each threshold, as report row values."""
	row = {f"{prefix}p{p}": seconds(v) for p, v in summary.percentiles.items()}
	row.update({f"{prefix}within_{int(t)}": percent(v) for t, v in summary.within.items()})
	return row


def percentile_columns(prefix: str = "", label: str | None = None, percentiles=(50, 90, 95)) -> list[dict]:
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


def within_column(threshold: int, prefix: str = "") -> dict:
	return {
		"fieldname": f"{prefix}within_{threshold}",
		"label": _("≤ {0} s (%)").format(threshold),
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
