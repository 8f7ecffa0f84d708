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
		frappe.db.commit()
	finally:
		frappe.destroy()
	for doctype, count in counts.items():
		click.echo(f"{doctype}: {count} inserted")


commands = [load_data]
