"""Which column names a query's text mentions (the field-level guard refuses on these)."""

import pytest

from ambon_112.core.sql_names import condition_names, mentions, names_in, plain_column

SECRET = frozenset({"caller_number", "caller_name"})


@pytest.mark.parametrize(
	"field, column",
	[
		("caller_number", "caller_number"),
		("`caller_number`", "caller_number"),
		("CALLER_NUMBER", "caller_number"),
		("caller_number as x", "caller_number"),
		("`tabEmergency Call`.`caller_number`", "caller_number"),
		("`tabEmergency Call`.`caller_number` as name", "caller_number"),
		("tabDispatch.agency", "agency"),
	],
)
def test_plain_columns(field, column):
	assert plain_column(field) == column


@pytest.mark.parametrize(
	"field",
	[
		"count(caller_number)",
		"count(distinct caller_number)",
		"max(caller_number)+0*count(*) as x",
		"caller_number like '0812%'",
		"`caller_number` > 0",
		"distinct caller_number",
	],
)
def test_expressions_are_not_plain_columns(field):
	assert plain_column(field) is None


@pytest.mark.parametrize(
	"text",
	[
		"caller_number asc",
		"`tabEmergency Call`.`caller_number` desc",
		"CALLER_NUMBER",
		"modified desc, caller_name",
		"max(caller_number)+0*count(*)",
		"ifnull(`tabEmergency Call`.`caller_number`, '')",
		"name in (select name from `tabEmergency Call` where caller_number like '0812%')",
		"locate('1', caller_number)",
	],
)
def test_every_mention_is_found(text):
	assert mentions(text, SECRET)


@pytest.mark.parametrize(
	"text",
	[
		"`tabEmergency Call`.`received_at` desc",
		"count(*) as count",
		"caller_number_normalized",  # a different column (with its own level, checked on its own)
		"classification, kelurahan",
	],
)
def test_other_columns_are_not_mentions(text):
	assert not mentions(text, SECRET)


def test_names_are_case_insensitive_and_unquoted():
	assert names_in("`tabEmergency Call`.`Caller_Number` AS x") == {
		"tabemergency call",
		"caller_number",
		"as",
		"x",
	}


@pytest.mark.parametrize(
	"condition, names",
	[
		("ifnull(`caller_number`,'')!=''", {"ifnull", "caller_number"}),
		("(`kelurahan` = '' or `kelurahan` is null)", {"kelurahan", "or", "is", "null"}),
		("status = 'it''s select from __Auth'", {"status"}),  # words inside a literal are no names
		(
			"`x'` = 1 or exists(select 1 from `__Auth`) or `y'`",
			{"x'", "y'", "or", "exists", "select", "from", "__auth"},
		),
	],
)
def test_the_names_a_raw_condition_uses(condition, names):
	assert condition_names(condition) == names


@pytest.mark.parametrize(
	"condition",
	[
		"1 /* ' */ or exists(select 1 from `__Auth`) /* ' */",
		"1 -- '",
		"1 # '",
		"a = 'x\\' or exists(select 1) or '",
		'a = "x" or 1',
		"1; select 1",
	],
)
def test_a_condition_that_could_hide_a_name_is_not_read(condition):
	assert condition_names(condition) is None
