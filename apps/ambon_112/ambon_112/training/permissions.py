"""Who reads training records: one condition per DocType for lists and single documents alike.

Trainers, supervisors and administrators read every Call Review, Exercise Session and Operator
Certificate their roles allow; anyone else (an operator) only their own: the reviews of their
calls, the drills they were a trainee in, their certificates. ``condition()`` is the SQL;
``has_permission`` asks the database whether the document satisfies that very condition, so a list
and a form can never disagree. The columns are indexed (operator, trainee).
"""

import frappe

from ambon_112.roles import ADMINISTRATOR, SUPERVISOR, TRAINER

SEES_ALL = frozenset({TRAINER, SUPERVISOR, ADMINISTRATOR, "System Manager"})
OWN = {
	"Call Review": "`tabCall Review`.`operator` = {user}",
	"Operator Certificate": "`tabOperator Certificate`.`operator` = {user}",
	"Exercise Session": (
		"`tabExercise Session`.`name` in (select `tabExercise Session Trainee`.`parent`"
		" from `tabExercise Session Trainee` where `tabExercise Session Trainee`.`parenttype` ="
		" 'Exercise Session' and `tabExercise Session Trainee`.`trainee` = {user})"
	),
	# Listed on its own (``/api/resource/Exercise Result``), a result row follows its session.
	"Exercise Result": (
		"`tabExercise Result`.`parent` in (select `tabExercise Session Trainee`.`parent`"
		" from `tabExercise Session Trainee` where `tabExercise Session Trainee`.`parenttype` ="
		" 'Exercise Session' and `tabExercise Session Trainee`.`trainee` = {user})"
	),
}


def condition(doctype: str, user: str | None = None) -> str:
	"""'' for those who see every record, else the SQL that admits the user's own."""
	user = user or frappe.session.user
	if user == "Administrator" or SEES_ALL & set(frappe.get_roles(user)):
		return ""
	return OWN[doctype].format(user=frappe.db.escape(user))


def query_condition(user=None, doctype=None):
	return condition(doctype, user)


def has_permission(doc, ptype=None, user=None):
	where = condition(doc.doctype, user)
	if not where or doc.is_new():
		return None
	table = f"`tab{doc.doctype}`"
	# Raw SQL: the very condition permission_query_conditions gives lists (one rule for both).
	query = f"select 1 from {table} where {table}.`name` = %s and {where}"
	found = frappe.db.sql(query, doc.name)  # nosemgrep: frappe-using-db-sql
	return None if found else False
