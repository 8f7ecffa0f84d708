"""Promoting the replica: plain data in, decisions out (no frappe).

A replica may become the site's database only when it is one (a GTID replica: its positions say
what it received and what it applied) and when it has applied every transaction it received.
With semi-synchronous replication (AFTER_SYNC) the primary answers a commit only after the
replica has *received* it, so everything the PBX was told "2xx" is in the replica's relay log:
promoting before the relay log is applied would lose exactly those calls.

GTID positions are MariaDB's text ("0-1-42,1-2-7": domain-server-sequence per replication
domain); within a domain the sequence only grows, whichever server wrote it.
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_WAIT_S = 60  # a healthy replica applies its relay log in well under a second

NOT_A_REPLICA = "not_a_replica"
NO_GTID = "no_gtid"


def gtid_positions(text: str | None) -> dict[int, int]:
	"""The highest sequence per domain in a GTID list ('' or None: nothing)."""
	out: dict[int, int] = {}
	for part in (text or "").replace("\n", "").split(","):
		part = part.strip()
		if not part:
			continue
		domain, _server, sequence = (int(x) for x in part.split("-"))
		out[domain] = max(out.get(domain, 0), sequence)
	return out


def not_applied(received: str | None, applied: str | None) -> dict[int, tuple[int, int]]:
	"""Domains whose received transactions are not all applied: domain -> (received, applied)."""
	got, done = gtid_positions(received), gtid_positions(applied)
	return {
		domain: (sequence, done.get(domain, 0))
		for domain, sequence in sorted(got.items())
		if done.get(domain, 0) < sequence
	}


def replica_refusal(status: Mapping[str, object] | None) -> str | None:
	"""Why a server with this ``SHOW SLAVE STATUS`` row (None: empty) cannot be promoted, if it cannot:
	it replicates from nothing, or not by GTID (then nobody can tell what it received)."""
	if not status or not status.get("Master_Host"):
		return NOT_A_REPLICA
	if str(status.get("Using_Gtid") or "No").lower() == "no" or not status.get("Gtid_IO_Pos"):
		return NO_GTID
	return None


def server_answered(error_code: int | None) -> bool:
	"""Whether a connection attempt reached a MariaDB server: it succeeded (None) or the server itself
	refused it (codes below 2000: wrong password, unknown database…). 2000 and above are the
	client's own errors: no route, refused, lost (CR_CONN_HOST_ERROR 2003, CR_SERVER_LOST 2013…)."""
	return error_code is None or error_code < 2000
