"""Installs the query guards of ambon_112.security in this process (hooks: before_request, before_job).

Frappe has no hook inside its query builder nor in the module functions replaced here, so they
are wrapped or swapped in place, once per process, before any request or job runs a query.
"""

from ambon_112.security import field_levels, frappe_queries, versions


def install_query_guards(**_hook_kwargs):
	field_levels.install()
	frappe_queries.install()
	versions.install()
