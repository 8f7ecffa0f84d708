"""Open incidents near a call, of the same or a related type, ranked by core.duplicates."""

import frappe
from frappe.utils import add_to_date, flt, get_datetime, now_datetime

from ambon_112.core import duplicates as core
from ambon_112.core.incident_states import INCIDENT_OPEN
from ambon_112.location import has_coordinates
from ambon_112.settings import setting

FIELDS = (
	"name",
	"title",
	"incident_type",
	"priority",
	"status",
	"reported_at",
	"latitude",
	"longitude",
	"kelurahan",
)


def candidates(incident_type=None, latitude=None, longitude=None, kelurahan=None, now=None) -> list[dict]:
	now = get_datetime(now) if now else now_datetime()
	radius = flt(setting("duplicate_radius_m"))
	window = int(setting("duplicate_window_minutes"))
	rows = frappe.get_all(
		"Incident",
		filters={
			"status": ("in", INCIDENT_OPEN),
			"reported_at": ("between", (add_to_date(now, minutes=-window), add_to_date(now, minutes=window))),
		},
		fields=list(FIELDS),
		order_by="reported_at desc",
	)
	by_name = {row.name: row for row in rows}
	located = has_coordinates(latitude, longitude)
	matches = core.rank(
		[
			core.Candidate(
				row.name,
				row.incident_type,
				get_datetime(row.reported_at),
				*(
					(row.latitude, row.longitude)
					if has_coordinates(row.latitude, row.longitude)
					else (None, None)
				),
				row.kelurahan,
			)
			for row in rows
		],
		now,
		incident_type=incident_type or None,
		related=core.related_types(incident_type, _parents()) if incident_type else None,
		latitude=flt(latitude) if located else None,
		longitude=flt(longitude) if located else None,
		kelurahan=kelurahan or None,
		radius_m=radius,
		window_minutes=window,
	)
	return [
		{
			**by_name[m.name],
			"relation": m.relation,
			"distance_m": m.distance_m,
			"minutes_ago": m.minutes_ago,
			"score": m.score,
		}
		for m in matches
	]


def _parents() -> dict[str, str | None]:
	return dict(frappe.get_all("Incident Type", fields=["name", "parent_incident_type"], as_list=True))
