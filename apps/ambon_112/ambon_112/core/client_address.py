"""Which address a request really came from, for limits that must not be fooled by its headers.

``X-Forwarded-For`` is written by the client unless a proxy of ours wrote it: only the entries that
a trusted proxy appended (read from the right, past our own proxies) say where a request came from.
"""

import ipaddress
from collections.abc import Iterable

IPV6_CLIENT_PREFIX = 64  # one home or phone gets a whole /64: counting its addresses one by one is no limit


def trusted_networks(entries: Iterable[str] | str | None) -> list:
	"""Proxy addresses or networks (``127.0.0.1``, ``10.0.0.0/24``) as given in the site's config."""
	if isinstance(entries, str):
		entries = entries.split(",")
	return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries or () if entry.strip()]


def client_address(peer: str | None, forwarded_for: str | None, trusted: list) -> str:
	"""The TCP peer; when the peer is a trusted proxy, the right-most ``X-Forwarded-For`` entry that is
	not itself a trusted proxy (entries left of it are whatever the client claimed)."""
	address = (peer or "").strip()
	if not _is_trusted(address, trusted):
		return address
	for entry in reversed((forwarded_for or "").split(",")):
		entry = entry.strip()
		if not entry:
			continue
		address = entry
		if not _is_trusted(entry, trusted):
			break
	return address


def throttle_key(address: str) -> str:
	"""The unit a limit counts: an IPv4 address, or the /64 network of an IPv6 address."""
	try:
		ip = ipaddress.ip_address(address)
	except ValueError:
		return address
	if ip.version == 6 and ip.ipv4_mapped:
		return str(ip.ipv4_mapped)
	if ip.version == 6:
		return str(ipaddress.ip_network(f"{ip}/{IPV6_CLIENT_PREFIX}", strict=False))
	return str(ip)


def _is_trusted(address: str, trusted: list) -> bool:
	try:
		ip = ipaddress.ip_address(address)
	except ValueError:
		return False
	return any(ip.version == network.version and ip in network for network in trusted)
