"""Triage questions as admins wrote them, scored by core.triage, saved on the incident.

The incident keeps the answers (Incident Triage Answer rows), the priority they give, the agency
types they add and, in words, why: the operator and later the supervisor see how a P1 came about.
"""

import frappe
from frappe import _

from ambon_112.core import triage as core
from ambon_112.core.incident_states import DEFAULT_PRIORITY
from ambon_112.exceptions import InvalidTriageAnswerError

QUESTION = "Triage Question"
RULE = "Triage Answer Rule"


def questions_for(incident_type: str | None) -> list[dict]:
	"""Active questions for a type, its ancestors, and every type; in the order they are asked."""
	types = _type_and_ancestors(incident_type) if incident_type else []
	question = frappe.qb.DocType(QUESTION)
	scope = question.incident_type.isnull() | (question.incident_type == "")
	if types:
		scope = scope | question.incident_type.isin(types)
	rows = (
		frappe.qb.from_(question)
		.select(
			question.name,
			question.question,
			question.incident_type,
			question.answer_type,
			question.choices,
			question.help_text,
			question.sequence,
		)
		.where((question.is_active == 1) & scope)
		.orderby(question.sequence)
		.orderby(question.name)
		.run(as_dict=True)
	)
	for row in rows:
		row["choices"] = _choices(row.choices)
	return rows


def load(names) -> dict[str, core.Question]:
	names = list(dict.fromkeys(n for n in names if n))
	if not names:
		return {}
	questions = frappe.get_all(
		QUESTION,
		filters={"name": ("in", names)},
		fields=["name", "question", "answer_type", "choices"],
		order_by="sequence asc, name asc",
	)
	rules = frappe.get_all(
		RULE,
		filters={"parent": ("in", names), "parenttype": QUESTION, "parentfield": "rules"},
		fields=["parent", "answer", "priority_change", "priority_at_least", "add_agency_type"],
		order_by="parent asc, idx asc",
	)
	by_question = {}
	for rule in rules:
		by_question.setdefault(rule.parent, []).append(_rule(rule))
	return {
		q.name: core.Question(
			q.name, q.question, q.answer_type, tuple(_choices(q.choices)), tuple(by_question.get(q.name, []))
		)
		for q in questions
	}


def question_of(doc) -> core.Question:
	"""A Triage Question document (maybe unsaved) as the core sees it."""
	return core.Question(
		doc.name,
		doc.question,
		doc.answer_type,
		tuple(_choices(doc.choices)),
		tuple(_rule(row) for row in doc.rules),
	)


def score(incident_type: str, answers: dict) -> core.Outcome:
	"""The outcome of the answers for an incident of this type; a clear error for a wrong answer."""
	base = frappe.db.get_value("Incident Type", incident_type, "default_priority") or DEFAULT_PRIORITY
	questions = load(answers)
	missing = [name for name in answers if name not in questions]
	if missing:
		frappe.throw(
			_("Triage question {0} does not exist.").format(missing[0]),
			InvalidTriageAnswerError,
			title=_("Invalid Triage Answer"),
		)
	try:
		return core.score(base, questions.values(), answers)
	except core.TriageError as e:
		question = questions.get(e.params.get("question"))
		frappe.throw(
			_("The answer {0} does not fit the question {1}: {2}.").format(
				frappe.bold(e.params.get("answer", "")),
				frappe.bold(question.text if question else e.params.get("question", "")),
				_(str(e)),
			),
			InvalidTriageAnswerError,
			title=_("Invalid Triage Answer"),
		)


def preview(incident_type: str, answers: dict) -> dict:
	outcome = score(incident_type, answers)
	return {
		"base_priority": outcome.base_priority,
		"priority": outcome.priority,
		"agency_types": list(outcome.agency_types),
		"reasons": [reason_text(r) for r in outcome.reasons],
	}


def apply_to_incident(doc, method=None):
	"""Incident validate hook: score its triage answers and, when they changed, set its priority."""
	rows = doc.get("triage_answers") or []
	if not rows:
		if doc.triage_priority:
			doc.triage_priority, doc.triage_reasons = None, None
			doc.set("triage_agency_types", [])
		return
	_refuse_repeated_questions(rows)
	outcome = score(doc.incident_type, {row.question: row.answer for row in rows})
	texts = {r.question: [] for r in outcome.reasons}
	for reason in outcome.reasons:
		texts[reason.question].append(effect_text(reason))
	for row in rows:
		row.answer = outcome.answers.get(row.question, row.answer)
		row.effect = "; ".join(texts.get(row.question, [])) or _("no change")
	doc.triage_priority = outcome.priority
	doc.triage_reasons = "\n".join(reason_text(r) for r in outcome.reasons) or _(
		"No answer changed the default priority {0} of {1}."
	).format(outcome.base_priority, _(doc.incident_type))
	doc.set("triage_agency_types", [{"agency_type": t} for t in outcome.agency_types])
	if _triage_changed(doc):
		doc.priority = outcome.priority


def effect_text(reason: core.Reason) -> str:
	parts = []
	if reason.priority_change > 0:
		parts.append(_("raises priority by {0}").format(reason.priority_change))
	elif reason.priority_change < 0:
		parts.append(_("lowers priority by {0}").format(-reason.priority_change))
	if reason.priority_at_least:
		parts.append(_("at least {0}").format(reason.priority_at_least))
	if reason.agency_type:
		parts.append(_("adds {0}").format(_(reason.agency_type)))
	return ", ".join(parts) or _("no change")


def reason_text(reason: core.Reason) -> str:
	return f"{reason.question_text} → {_(reason.answer)}: {effect_text(reason)}"


def _triage_changed(doc) -> bool:
	before = doc.get_doc_before_save()
	if not before or before.incident_type != doc.incident_type:
		return True
	answers = lambda d: [(r.question, r.answer) for r in d.get("triage_answers") or []]  # noqa: E731
	return answers(before) != answers(doc)


def _refuse_repeated_questions(rows):
	seen = set()
	for row in rows:
		if row.question in seen:
			frappe.throw(
				_("Row {0}: the question is answered twice.").format(row.idx),
				InvalidTriageAnswerError,
				title=_("Invalid Triage Answer"),
			)
		seen.add(row.question)


def _type_and_ancestors(incident_type: str) -> list[str]:
	bounds = frappe.db.get_value("Incident Type", incident_type, ["lft", "rgt"], as_dict=True)
	if not bounds:
		return [incident_type]
	return frappe.get_all(
		"Incident Type", filters={"lft": ("<=", bounds.lft), "rgt": (">=", bounds.rgt)}, pluck="name"
	)


def _choices(text) -> list[str]:
	return list(dict.fromkeys(line.strip() for line in (text or "").splitlines() if line.strip()))


def _rule(row) -> core.Rule:
	return core.Rule(
		(row.answer or "").strip(),
		int(row.priority_change or 0),
		row.priority_at_least or None,
		row.add_agency_type or None,
	)
