"""bench commands of ambon_112."""

import click
from frappe.commands import get_site, pass_context


@click.command("ambon112-load-data")
@click.option("--path", help="The fixtures folder (default: the repository's fixtures/)")
@click.option("--demo", is_flag=True, default=False, help="Also load the demo users, units and calls")
@pass_context
def load_data(context, path=None, demo=False):
	"""Load Ambon's reference data (areas, agencies, types) and optionally the demo data."""
	import frappe

	from ambon_112.setup.demo_data import load_demo_data
	from ambon_112.setup.reference_data import load_reference_data

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		counts = load_reference_data(path)
		if demo:
			counts.update(load_demo_data(path))
		# A bench command has no request to commit for it: Frappe's own commands commit this way too.
		frappe.db.commit()  # nosemgrep: frappe-manual-commit
	finally:
		frappe.destroy()
	for doctype, count in counts.items():
		click.echo(f"{doctype}: {count} inserted")


@click.command("ambon112-restore-drill")
@pass_context
def restore_drill(context):
	"""Restore the latest backup into a scratch site, verify it and record a Restore Drill."""
	import frappe

	from ambon_112.continuity.drill import run_drill

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		name = run_drill()
		# A bench command runs outside any request: nothing commits the drill's record but this.
		frappe.db.commit()  # nosemgrep: frappe-manual-commit
		drill = frappe.db.get_value(
			"Restore Drill", name, ["result", "restore_seconds", "differences", "error"], as_dict=True
		)
	finally:
		frappe.destroy()
	click.echo(f"{name}: {drill.result}, restore {drill.restore_seconds or 0} s")
	for line in (drill.differences, drill.error):
		if line:
			click.echo(line)
	if drill.result != "Passed":
		raise SystemExit(1)


@click.command("ambon112-promote-replica")
@click.option("--replica-host", help="The replica to promote (default: replica_host of the site config)")
@click.option("--replica-port", type=int, help="Its port (default: replica_db_port, else 3306)")
@click.option("--wait", "wait_s", type=float, default=None, help="Seconds to wait for its relay log (60)")
@click.option("--force", is_flag=True, default=False, help="Promote although the primary still answers")
@click.option("--db-root-username", help="MariaDB administrator (default: root_login of the config)")
@click.option("--db-root-password", help="Its password (default: root_password of the config)")
@pass_context
def promote_replica(context, replica_host, replica_port, wait_s, force, db_root_username, db_root_password):
	"""Promote the MariaDB replica once it has applied all it received, and point the site at it."""
	import frappe

	from ambon_112.continuity.failover import PromotionRefused, promote_replica
	from ambon_112.core.failover import DEFAULT_WAIT_S

	site = get_site(context)
	frappe.init(site=site)  # never connect: the primary is presumed dead
	try:
		report = promote_replica(
			replica_host,
			replica_port,
			DEFAULT_WAIT_S if wait_s is None else wait_s,
			force,
			db_root_username,
			db_root_password or frappe.conf.root_password,
		)
	except PromotionRefused as e:
		click.echo(f"Refused: {e}", err=True)
		raise SystemExit(1) from None
	finally:
		frappe.destroy()
	click.echo(
		f"{site}: promoted {report['replica']} (was {report['old_primary']}) in {report['seconds']} s; "
		f"applied {report['applied']}; the site's db_host/db_port now name it, read_from_replica off"
	)


commands = [load_data, restore_drill, promote_replica]
