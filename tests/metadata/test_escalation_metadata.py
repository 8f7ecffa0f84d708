"""The escalation DocTypes, hooks and desk script agree with the core's triggers."""

import json
import re

from ambon_112.core.escalation import APPLIES_TO, TRIGGERS, triggers_for

from .conftest import APP_PACKAGE, load_doctypes
from .test_hooks import HOOKS

DOCTYPES = load_doctypes()


def options(doctype: str, fieldname: str) -> list[str]:
	(field,) = [f for f in DOCTYPES[doctype]["fields"] if f["fieldname"] == fieldname]
	return [o for o in field["options"].split("\n") if o]


def test_trigger_choices_are_the_cores_triggers():
	for doctype in ("Escalation Level", "Escalation Log"):
		assert options(doctype, "trigger_condition") == list(TRIGGERS), doctype
	assert options("Escalation Policy", "applies_to") == list(APPLIES_TO)


def test_the_policy_form_offers_each_kind_its_own_triggers():
	script = (APP_PACKAGE / "escalation/doctype/escalation_policy/escalation_policy.js").read_text()
	block = re.search(r"const ESCALATION_TRIGGERS = (\{.*?\});", script, re.S).group(1)
	as_json = re.sub(r"([{,]\s*)([A-Za-z]+):", r'\1"\2":', block.replace("\t", "").replace(",\n}", "\n}"))
	assert json.loads(as_json) == {doctype: triggers_for(doctype) for doctype in APPLIES_TO}


def test_the_sweep_runs_every_minute_not_on_the_four_minute_tick():
	assert "ambon_112.escalation.sweep.run" in HOOKS["scheduler_events"]["cron"]["* * * * *"]
	assert "ambon_112.escalation.sweep.run" not in json.dumps(HOOKS["scheduler_events"].get("all", []))


def test_escalation_logs_are_never_deleted_and_nobody_creates_them_by_hand():
	meta = DOCTYPES["Escalation Log"]
	assert not [p["role"] for p in meta["permissions"] if p.get("delete") or p.get("create")]
	assert all(
		f.get("read_only") for f in meta["fields"] if f["fieldtype"] not in ("Section Break", "Column Break")
	)
	assert "Agency Staff" not in {p["role"] for p in meta["permissions"]}


def test_only_administrators_configure_policies():
	writers = {p["role"] for p in DOCTYPES["Escalation Policy"]["permissions"] if p.get("write")}
	assert writers == {"112 Administrator", "System Manager"}
