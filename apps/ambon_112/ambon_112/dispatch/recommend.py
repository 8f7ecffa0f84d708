"""Frappe glue of the unit recommendation: load what core.ranking needs, explain its answer."""

import frappe
from frappe import _
from frappe.utils import cint, flt, now_datetime

from ambon_112.core.errors import CoreError
from ambon_112.core.ranking import (
	Candidate,
	InvalidRankingSettings,
	Need,
	RankingSettings,
	Reason,
	best_per_agency_type,
	rank_units,
)
from ambon_112.exceptions import InvalidSettingError
from ambon_112.location import has_coordinates
from ambon_112.settings import SETTINGS, setting, value_or_default

# The settings fields behind each RankingSettings attribute.
SETTING_FIELDS = {
	"road_factor": "road_factor",
	"speed_kmh": "average_speed_kmh",
	"stale_after_minutes": "stale_position_minutes",
	"stale_penalty_minutes": "stale_position_penalty_minutes",
}


def ranking_settings() -> RankingSettings:
	return RankingSettings(
		**{attribute: flt(setting(fieldname)) for attribute, fieldname in SETTING_FIELDS.items()}
	)


def per_agency_type() -> int:
	return cint(setting("recommendations_per_agency_type"))


def validate_settings(settings_doc):
	"""Settings controller step: refuse values the ranking cannot work with (read as they will be)."""
	values = {
		attribute: flt(value_or_default(fieldname, settings_doc.get(fieldname)))
		for attribute, fieldname in SETTING_FIELDS.items()
	}
	try:
		RankingSettings(**values)
	except InvalidRankingSettings as e:
		fieldname = SETTING_FIELDS[e.params["setting"]]
		label = _(frappe.get_meta(SETTINGS).get_label(fieldname))
		frappe.throw(
			_("{0}: {1} is out of range.").format(label, e.params["value"]),
			InvalidSettingError,
			title=_("Invalid Setting"),
		)


# ---------------------------------------------------------------- what the incident needs


def incident_need(incident, agency_types=(), capabilities=()) -> Need:
	"""The incident type's agency types and capabilities (from the nearest ancestor that names any),
	the agency types of agencies already marked as involved, and those the dispatcher (or the
	triage outcome) adds."""
	types, caps = _type_needs(incident.incident_type)
	involved = [row.agency for row in incident.get("agencies") or []]
	if involved:
		types |= set(frappe.get_all("Agency", filters={"name": ("in", involved)}, pluck="agency_type"))
	located = has_coordinates(incident.latitude, incident.longitude)
	return Need(
		agency_types=frozenset(types | set(agency_types or ())),
		capabilities=frozenset(caps | set(capabilities or ())),
		lat=flt(incident.latitude) if located else None,
		lng=flt(incident.longitude) if located else None,
		areas=frozenset(a for a in (incident.kelurahan, incident.kecamatan) if a),
	)


def _type_needs(incident_type: str | None) -> tuple[set, set]:
	while incident_type:
		doc = frappe.get_cached_doc("Incident Type", incident_type)
		types = {row.agency_type for row in doc.agency_types}
		caps = {row.capability for row in doc.capabilities}
		if types or caps:
			return types, caps
		incident_type = doc.parent_incident_type
	return set(), set()


# ---------------------------------------------------------------- the candidates


def load_candidates() -> list[Candidate]:
	"""Every available, active unit of an active agency, in three queries whatever their number."""
	unit, agency = frappe.qb.DocType("Emergency Unit"), frappe.qb.DocType("Agency")
	available = (unit.status == "Available") & (unit.is_active == 1)
	units = (
		frappe.qb.from_(unit)
		.join(agency)
		.on(agency.name == unit.agency)
		.select(
			unit.name,
			unit.agency,
			unit.agency_type,
			unit.status,
			unit.is_active,
			unit.latitude,
			unit.longitude,
			unit.position_reported_at,
			unit.home_latitude,
			unit.home_longitude,
		)
		.where(available & (agency.is_active == 1))
	).run(as_dict=True)
	capability = frappe.qb.DocType("Emergency Unit Capability")
	capabilities: dict[str, set] = {}
	for parent, name in (
		frappe.qb.from_(capability)
		.join(unit)
		.on(unit.name == capability.parent)
		.select(capability.parent, capability.capability)
		.where((capability.parenttype == "Emergency Unit") & available)
	).run():
		capabilities.setdefault(parent, set()).add(name)
	jurisdictions: dict[str, set] = {}
	for parent, area in frappe.get_all(
		"Agency Jurisdiction", filters={"parenttype": "Agency"}, fields=["parent", "area"], as_list=True
	):
		jurisdictions.setdefault(parent, set()).add(area)
	return [candidate(u, capabilities.get(u.name), jurisdictions.get(u.agency)) for u in units]


def candidate(row, capabilities=None, jurisdiction=None) -> Candidate:
	return Candidate(
		name=row.name,
		agency=row.agency,
		agency_type=row.agency_type,
		status=row.status,
		is_active=bool(row.is_active),
		capabilities=frozenset(capabilities or ()),
		lat=row.latitude,
		lng=row.longitude,
		position_at=row.position_reported_at,
		home_lat=row.home_latitude,
		home_lng=row.home_longitude,
		jurisdiction=frozenset(jurisdiction or ()),
	)


# ---------------------------------------------------------------- the answer


def recommend_units(incident, agency_types=(), capabilities=()) -> dict:
	need = incident_need(incident, agency_types, capabilities)
	try:
		ranked = rank_units(need, load_candidates(), ranking_settings(), now_datetime())
	except CoreError as e:  # settings edited around the validation, e.g. straight in the database
		frappe.throw(_("The unit recommendation settings are invalid: {0}").format(e), InvalidSettingError)
	shown = best_per_agency_type(ranked, per_agency_type())
	details = _unit_details([rec.unit for rec in shown])
	return {
		"incident": incident.name,
		"agency_types": sorted(need.agency_types),
		"capabilities": sorted(need.capabilities),
		"located": need.located,
		"available": len(ranked),
		"units": [
			{
				"unit": rec.unit,
				"agency": rec.agency,
				"agency_type": rec.agency_type,
				"unit_type": details.get(rec.unit),
				"tier": rec.tier,
				"in_jurisdiction": rec.in_jurisdiction,
				"distance_km": None if rec.distance_m is None else round(rec.distance_m / 1000.0, 2),
				"eta_minutes": None if rec.eta_minutes is None else round(rec.eta_minutes, 1),
				"reasons": [explain(reason) for reason in rec.reasons],
				"reason_codes": [reason.code for reason in rec.reasons],
			}
			for rec in shown
		],
	}


def _unit_details(names: list[str]) -> dict:
	if not names:
		return {}
	return dict(
		frappe.get_all(
			"Emergency Unit", filters={"name": ("in", names)}, fields=["name", "unit_type"], as_list=1
		)
	)


def explain(reason: Reason) -> str:
	p = reason.params
	if reason.code == "fits":
		if p["capabilities"]:
			return _("{0} unit with {1}").format(_(p["agency_type"] or ""), _list(p["capabilities"]))
		return _("{0} unit").format(_(p["agency_type"] or ""))
	if reason.code == "agency_type_only":
		return _("{0} is asked for by the incident type; this unit has none of: {1}").format(
			_(p["agency_type"] or ""), _list(p["missing"])
		)
	if reason.code == "capability_only":
		return _("Has {0}, though the incident type does not ask for {1}").format(
			_list(p["capabilities"]), _(p["agency_type"] or "")
		)
	if reason.code == "travel":
		return _("{0} km, about {1} min by road").format(p["km"], p["minutes"])
	if reason.code == "home_base":
		return _("No reported position: counted from its home base (+{0} min)").format(p["penalty"])
	if reason.code == "stale_position":
		if p["age_minutes"] is None:
			return _("Position time unknown (+{0} min)").format(p["penalty"])
		return _("Position reported {0} min ago (+{1} min)").format(p["age_minutes"], p["penalty"])
	return {
		"citywide": _("Its agency covers the whole city"),
		"in_jurisdiction": _("Inside its agency's jurisdiction"),
		"outside_jurisdiction": _("Outside its agency's jurisdiction"),
		"area_unknown": _("Incident area unknown: jurisdiction not checked"),
		"incident_not_located": _("Incident has no coordinates: travel time unknown"),
		"no_position": _("Unit position unknown"),
	}.get(reason.code, reason.code)


def _list(values) -> str:
	return ", ".join(_(v) for v in values)
