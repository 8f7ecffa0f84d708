"""The promotion's pure decisions: GTID positions, what is not applied, which server may be promoted."""

from hypothesis import given
from hypothesis import strategies as st

from ambon_112.core.failover import (
	NO_GTID,
	NOT_A_REPLICA,
	gtid_positions,
	not_applied,
	replica_refusal,
	server_answered,
)

REPLICA = {"Master_Host": "10.0.0.11", "Using_Gtid": "Slave_Pos", "Gtid_IO_Pos": "0-1-42"}


def test_gtid_positions_read_mariadb_lists_with_the_highest_sequence_per_domain():
	assert gtid_positions("0-1-42,1-2-7") == {0: 42, 1: 7}
	assert gtid_positions("0-1-42,\n0-2-40") == {0: 42}  # a domain written by two servers in turn
	assert gtid_positions("") == gtid_positions(None) == {}


def test_a_replica_that_applied_what_it_received_has_nothing_left():
	assert not_applied("0-1-42", "0-1-42") == {}
	assert not_applied("0-1-42", "0-1-43,1-1-3") == {}


def test_received_but_unapplied_transactions_are_named_per_domain():
	assert not_applied("0-1-42,1-1-5", "0-1-40,1-1-5") == {0: (42, 40)}
	assert not_applied("0-1-42,1-1-5", "0-1-42") == {1: (5, 0)}


@given(st.dictionaries(st.integers(0, 5), st.tuples(st.integers(1, 10**6), st.integers(0, 10**6))))
def test_not_applied_is_exactly_the_domains_where_applied_is_behind(domains):
	received = ",".join(f"{d}-1-{r}" for d, (r, _) in domains.items())
	applied = ",".join(f"{d}-2-{a}" for d, (_, a) in domains.items())
	assert not_applied(received, applied) == {d: (r, a) for d, (r, a) in sorted(domains.items()) if a < r}


def test_only_a_gtid_replica_may_be_promoted():
	assert replica_refusal(REPLICA) is None
	assert replica_refusal(None) == NOT_A_REPLICA
	assert replica_refusal({**REPLICA, "Master_Host": ""}) == NOT_A_REPLICA
	assert replica_refusal({**REPLICA, "Using_Gtid": "No"}) == NO_GTID
	assert replica_refusal({**REPLICA, "Gtid_IO_Pos": ""}) == NO_GTID


def test_a_server_answered_unless_the_client_could_not_reach_it():
	assert server_answered(None) and server_answered(1045)  # connected; wrong password
	assert not server_answered(2003) and not server_answered(2013)  # refused; lost
